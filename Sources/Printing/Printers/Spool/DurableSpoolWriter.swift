import Foundation
import Gate
import Glibc

/// Writes a job's spool files durably, off the Swift cooperative pool.
///
/// Every label's PNG and ZPL are encoded and written to temporary files and `fdatasync`ed by a small pool of
/// dedicated threads (the encoding keeps both cores busy while other labels wait on the disk, and concurrent syncs
/// share the file system's journal commits); then, in job order, each label's files are renamed into place up to
/// the first label that failed, the rest are removed, and the directory is synced once. A label is written when its
/// rename is durable: after `write` returns, never before.
enum DurableSpoolWriter {
    /// One label's files.
    struct Item: Sendable {
        var serial: String
        var image: MonochromeImage
    }

    /// Why a label's files could not be written.
    struct Failure: Error, Sendable {
        var reason: String
    }

    /// The most threads writing at once: enough to overlap the disk's sync latency.
    static let threads = 16

    /// Writes `items` into `directory` and returns, in order, each label's PNG path or why it was not written. After
    /// the first failure no later label is written.
    static func write(_ items: [Item], into directory: URL) async -> [Result<String, Failure>] {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: writeBlocking(items, into: directory)) }
            thread.name = "labelgate-spool"
            thread.start()
        }
    }

    static func writeBlocking(_ items: [Item], into directory: URL) -> [Result<String, Failure>] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            return items.map { _ in .failure(Failure(reason: "spool write failed: \(error.localizedDescription)")) }
        }
        let staged = stage(items, into: directory)
        var out: [Result<String, Failure>] = []
        var stopped: String?
        for (item, result) in zip(items, staged) {
            let paths = Paths(directory: directory, serial: item.serial)
            if let stopped {
                paths.removeTemporary()
                out.append(.failure(Failure(reason: "not written: \(stopped)")))
                continue
            }
            if case .failure(let failure) = result {
                paths.removeTemporary()
                stopped = "the spool stopped at \(item.serial): \(failure.reason)"
                out.append(.failure(failure))
                continue
            }
            // The PNG first: a crash between the two renames leaves no ZPL, which recovery reads as not printed.
            guard rename(paths.pngTemporary, paths.png) == 0, rename(paths.zplTemporary, paths.zpl) == 0 else {
                let reason = "spool write failed: rename: \(String(cString: strerror(errno)))"
                paths.removeAll()
                stopped = "the spool stopped at \(item.serial): \(reason)"
                out.append(.failure(Failure(reason: reason)))
                continue
            }
            out.append(.success(paths.png))
        }
        if let problem = syncDirectory(directory.path) {
            // The renames may not survive a crash: nothing of this job counts as written.
            for (item, result) in zip(items, out) where (try? result.get()) != nil {
                Paths(directory: directory, serial: item.serial).removeAll()
            }
            return items.map { _ in .failure(Failure(reason: "spool write failed: \(problem)")) }
        }
        return out
    }

    /// Encodes and writes every label's temporary files on up to `threads` threads.
    private static func stage(_ items: [Item], into directory: URL) -> [Result<Void, Failure>] {
        let state = StageState(count: items.count)
        let workers = min(threads, items.count)
        let done = DispatchSemaphore(value: 0)
        for _ in 0..<workers {
            let thread = Thread {
                while let index = state.next() {
                    let item = items[index]
                    state.set(index, stageOne(item, paths: Paths(directory: directory, serial: item.serial)))
                }
                done.signal()
            }
            thread.name = "labelgate-spool-writer"
            thread.start()
        }
        for _ in 0..<workers { done.wait() }
        return state.results
    }

    private static func stageOne(_ item: Item, paths: Paths) -> Result<Void, Failure> {
        let png: Data
        do {
            png = try PNGWriter.png(item.image)
        } catch {
            return .failure(Failure(reason: error.description))
        }
        let zpl = Data(ZPLGraphic.label(item.image).utf8)
        if let problem = writeSynced(png, to: paths.pngTemporary) ?? writeSynced(zpl, to: paths.zplTemporary) {
            paths.removeTemporary()
            return .failure(Failure(reason: "spool write failed: \(problem)"))
        }
        return .success(())
    }

    /// Writes `data` to a new file at `path` and syncs it; nil on success, else what failed.
    static func writeSynced(_ data: Data, to path: String) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "open \(path): \(String(cString: strerror(errno)))" }
        var problem: String?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    problem = "write \(path): \(String(cString: strerror(errno)))"
                    return
                }
                offset += written
            }
        }
        if problem == nil, fdatasync(fd) != 0 { problem = "fdatasync \(path): \(String(cString: strerror(errno)))" }
        if close(fd) != 0, problem == nil { problem = "close \(path): \(String(cString: strerror(errno)))" }
        return problem
    }

    private static func syncDirectory(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return "open \(path): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        return fsync(fd) == 0 ? nil : "fsync \(path): \(String(cString: strerror(errno)))"
    }

    /// A label's final and temporary file names.
    struct Paths {
        let png, zpl, pngTemporary, zplTemporary: String

        init(directory: URL, serial: String) {
            png = directory.appendingPathComponent("\(serial).png").path
            zpl = directory.appendingPathComponent("\(serial).zpl").path
            pngTemporary = directory.appendingPathComponent(".\(serial).png.tmp").path
            zplTemporary = directory.appendingPathComponent(".\(serial).zpl.tmp").path
        }

        func removeTemporary() {
            unlink(pngTemporary)
            unlink(zplTemporary)
        }

        func removeAll() {
            removeTemporary()
            unlink(png)
            unlink(zpl)
        }
    }
}

/// The work queue and results shared by the writer threads of one `stage` call.
private final class StageState: @unchecked Sendable {
    private let lock = NSLock()
    private var cursor = 0
    private let count: Int
    private(set) var results: [Result<Void, DurableSpoolWriter.Failure>]

    init(count: Int) {
        self.count = count
        results = Array(repeating: .failure(DurableSpoolWriter.Failure(reason: "not written")), count: count)
    }

    func next() -> Int? {
        lock.withLock {
            guard cursor < count else { return nil }
            defer { cursor += 1 }
            return cursor
        }
    }

    func set(_ index: Int, _ result: Result<Void, DurableSpoolWriter.Failure>) {
        lock.withLock { results[index] = result }
    }
}
