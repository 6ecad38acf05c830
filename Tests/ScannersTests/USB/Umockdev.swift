import Foundation
import Testing

/// Runs programs under umockdev (Debian's umockdev, gir1.2-umockdev-1.0, python3-gi), which presents emulated USB
/// devices to the real libusb. The tests skip only when umockdev is missing and LABELGATE_REQUIRE_UMOCKDEV is unset;
/// CI sets it (scripts/services/umockdev.sh), so there a missing umockdev fails instead of skipping.
enum Umockdev {
    static let wrapper = "/usr/bin/umockdev-wrapper"
    static let run = "/usr/bin/umockdev-run"
    static let python = "/usr/bin/python3"

    static var installed: Bool {
        FileManager.default.isExecutableFile(atPath: wrapper) && FileManager.default.isExecutableFile(atPath: run)
    }

    static var required: Bool { ProcessInfo.processInfo.environment["LABELGATE_REQUIRE_UMOCKDEV"] != nil }

    /// Whether the umockdev tests run at all.
    static var enabled: Bool { installed || required }

    /// Fails the test when umockdev is required but missing.
    static func check() throws {
        try #require(
            installed, "umockdev is required (LABELGATE_REQUIRE_UMOCKDEV is set) but umockdev-run/-wrapper is missing")
    }

    /// The built `labelgate` binary (next to the test bundle in the scratch path's products).
    static var labelgate: URL {
        for start in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])] {
            var url = start
            while url.path != "/" {
                let probe = url.appendingPathComponent("labelgate")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: probe.path, isDirectory: &isDirectory), !isDirectory.boolValue
                {
                    return probe
                }
                url.deleteLastPathComponent()
            }
        }
        return Repository.path(".build/debug/labelgate")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The JSON lines `labelgate dock --json` printed.
        var events: [[String: String]] {
            stdout.split(separator: "\n").compactMap { line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    return nil
                }
                return object.mapValues { "\($0)" }
            }
        }
    }

    /// Runs `arguments` under coreutils `timeout`, which kills the whole process group (emulator and client) when
    /// `limit` seconds pass, so a stuck emulation always ends.
    static func execute(_ arguments: [String], limit: Int, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", String(limit)] + arguments
        var env = ProcessInfo.processInfo.environment
        env["LABELGATE_LOG_LEVEL"] = env["LABELGATE_LOG_LEVEL"] ?? "error"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errData = ReadInBackground(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.wait(), as: UTF8.self))
    }

    /// Runs `labelgate dock` (the real accept path) as the client of the emulated scanners in `plan`.
    static func emulate(plan: [String: Any], store: String, dockArguments: [String], limit: Int) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("umockdev-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let planURL = dir.appendingPathComponent("plan.json")
        try JSONSerialization.data(withJSONObject: plan).write(to: planURL)
        return try execute(
            [
                wrapper, python, Repository.path("scripts/usb/fake_scanner.py").path, planURL.path, "--",
                labelgate.path, "dock", "--store", store, "--json", "--show-scans",
                "--stop-after-seconds", String(limit - 10),
            ] + dockArguments, limit: limit)
    }

    /// Writes a dock configuration to a temporary file and returns its path.
    static func configuration(_ json: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dock-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url.path
    }
}

/// Drains a pipe on another thread so a chatty stderr cannot block the child.
final class ReadInBackground: @unchecked Sendable {
    // Confined: `data` is written by the reading thread before `done` is signalled, and read only after.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

extension Array where Element == [String: String] {
    func of(_ kind: String) -> [[String: String]] { filter { $0["event"] == kind } }
}
