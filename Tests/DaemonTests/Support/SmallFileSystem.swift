import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small tmpfs mounted on a fresh directory, to fill up for real (needs root and a kernel that lets this process
/// mount; `isAvailable` says whether it can). Unmounted by `unmount()`.
final class SmallFileSystem: Sendable {
    let directory: URL
    private let filler: URL

    /// Whether a tmpfs can be mounted here (tried once, on a throwaway directory).
    static let isAvailable: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        guard let probe = try? SmallFileSystem(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    /// Mounts a tmpfs of `megabytes` on `directory` (created if missing; default: a new temporary directory).
    init(megabytes: Int, at mountPoint: URL? = nil) throws {
        directory =
            mountPoint
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("lg-small-\(UUID().uuidString.prefix(8))")
        filler = directory.appendingPathComponent("filler")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", directory.path])
        else {
            try? FileManager.default.removeItem(at: directory)
            throw DaemonTestError("cannot mount a tmpfs on \(directory.path)")
        }
    }

    /// Writes a filler file until the file system refuses a byte more (ENOSPC).
    func fill() {
        let fd = open(filler.path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x55, count: 4096)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        var one: UInt8 = 0
        while write(fd, &one, 1) > 0 {}
    }

    /// Gives the space back.
    func free() { unlink(filler.path) }

    func unmount() {
        _ = Self.run("/bin/umount", ["-l", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
