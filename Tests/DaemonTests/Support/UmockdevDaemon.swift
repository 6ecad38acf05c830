import Foundation
import Synchronization
import Testing

/// Runs the real `labelgated` under umockdev with scripts/usb/fake_scanner.py as its USB world (the same harness as
/// the scanner tests). The tests skip only when umockdev is missing and LABELGATE_REQUIRE_UMOCKDEV is unset; CI sets
/// it (scripts/services/umockdev.sh), so there a missing umockdev fails instead of skipping.
enum UmockdevDaemon {
    static let wrapper = "/usr/bin/umockdev-wrapper"
    static let python = "/usr/bin/python3"

    static var installed: Bool { FileManager.default.isExecutableFile(atPath: wrapper) }
    static var required: Bool { ProcessInfo.processInfo.environment["LABELGATE_REQUIRE_UMOCKDEV"] != nil }
    /// Whether the umockdev tests run at all.
    static var enabled: Bool { installed || required }

    /// Fails the test when umockdev is required but missing.
    static func check() throws {
        try #require(installed, "umockdev is required (LABELGATE_REQUIRE_UMOCKDEV is set) but umockdev-wrapper is missing")
    }

    /// Starts `timeout -k 5 limit umockdev-wrapper python3 fake_scanner.py plan -- labelgated --config config`;
    /// the daemon's output goes to `log`. coreutils `timeout` ends the whole group if the test gets stuck.
    static func start(plan: [String: Any], config: String, dir: URL, limit: Int, environment: [String: String])
        throws -> Process
    {
        let planURL = dir.appendingPathComponent("plan.json")
        try JSONSerialization.data(withJSONObject: plan).write(to: planURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "-k", "5", String(limit), wrapper, python,
            DaemonFixture.repositoryRoot.appendingPathComponent("scripts/usb/fake_scanner.py").path, planURL.path, "--",
            EndToEndTests.binary("labelgated").path, "--config", config,
        ]
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let log = dir.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A daemon started under umockdev that has told its (fake) systemd READY=1.
    struct Ready {
        let process: Process
        let systemd: FakeSystemd
        let dir: URL
        /// The daemon's output so far.
        var log: String { (try? String(contentsOf: dir.appendingPathComponent("daemon.log"), encoding: .utf8)) ?? "" }
    }

    /// `start` with a fake systemd notify socket, then waits for READY=1 (which comes only after the first
    /// enumeration). The caller ends the process (`kill(ready.process.processIdentifier, SIGTERM)` in a defer).
    static func startReady(plan: [String: Any], config: String, dir: URL, limit: Int = 150) async throws -> Ready {
        let systemd = try FakeSystemd(path: dir.appendingPathComponent("notify").path)
        let process = try start(
            plan: plan, config: config, dir: dir, limit: limit,
            environment: ["NOTIFY_SOCKET": systemd.path, "LABELGATE_LOG_LEVEL": "warning"])
        let ready = Ready(process: process, systemd: systemd, dir: dir)
        var message: String?
        for _ in 0..<6 where message == nil { message = try await onThread { systemd.next() } }
        if message?.hasPrefix("READY=1") != true {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            throw DaemonTestError("no READY=1: \(ready.log)")
        }
        return ready
    }

    /// Writes `text` to `url` atomically (the emulator polls for the file and must never read half of it).
    static func hand(_ text: String, to url: URL) throws {
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}

/// Collects a child's stdout line by line on a thread of its own, so a test can wait for a line while the child runs.
final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])
    private let done = Mutex(false)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    lines.withLock { $0.append(line) }
                }
            }
            done.withLock { $0 = true }
        }
    }

    /// The lines so far, decoded as JSON objects.
    var objects: [[String: Any]] {
        lines.withLock { $0 }.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    /// Whether the stream ended.
    var isDone: Bool { done.withLock { $0 } }

    /// Waits (polling, bounded) until `predicate` holds for the objects seen so far; returns them.
    func wait(
        seconds: Int, until predicate: ([[String: Any]]) -> Bool
    ) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let seen = objects
            if predicate(seen) { return seen }
            try await Task.sleep(for: .milliseconds(50))
        }
        return objects
    }
}
