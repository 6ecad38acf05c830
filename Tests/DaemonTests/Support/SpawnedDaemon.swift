#if canImport(Glibc)
    import Glibc
#endif
import Daemon
import Foundation

/// The real `labelgated` binary, spawned with a configuration file and a fake systemd notify socket, its output in
/// `daemon.log` beside the configuration. Ready once it sent READY=1.
final class SpawnedDaemon: @unchecked Sendable {
    // Confined to the test that made it.
    let process = Process()
    let socket: String
    let log: URL
    private let systemd: FakeSystemd

    /// Writes `toml` to `dir/labelgate.toml`, starts the daemon under coreutils `timeout limit` and waits for READY=1.
    init(toml: String, dir: URL, socket: String, limit: Int = 240) async throws {
        self.socket = socket
        let config = dir.appendingPathComponent("labelgate.toml")
        try toml.write(to: config, atomically: true, encoding: .utf8)
        systemd = try FakeSystemd(path: dir.appendingPathComponent("notify").path)
        log = dir.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "-k", "5", String(limit), EndToEndTests.binary("labelgated").path, "--config", config.path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = systemd.path
        environment["LABELGATE_LOG_LEVEL"] =
            ProcessInfo.processInfo.environment["LABELGATE_TEST_DAEMON_LOG_LEVEL"] ?? "warning"
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var ready = false
        for _ in 0..<6 where !ready {
            let systemd = systemd
            ready = try await onThread { systemd.next() }?.hasPrefix("READY=1") == true
            if !process.isRunning { break }
        }
        guard ready else {
            stop()
            throw DaemonTestError("labelgated sent no READY=1: \(logText)")
        }
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    var isRunning: Bool { process.isRunning }

    /// One request on a fresh connection, on a thread of its own.
    func request(_ method: String, _ path: String, token: String?, json: Data? = nil) async throws
        -> DaemonConnection.Reply
    {
        let socket = socket
        return try await onThread {
            try DaemonConnection(address: socket).request(method, path, token: token, json: json)
        }
    }

    /// The daemon's own process ID (the child of `timeout`), if it runs.
    var daemonPID: pid_t? {
        let pid = process.processIdentifier
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// SIGTERM to the daemon itself (as systemd sends it; `timeout`, started from a test process whose threads
    /// block SIGTERM, would not pass it on), then waits for the exit; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning, let pid = daemonPID { kill(pid, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
