import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The PN532 emulator (scripts/nfc/pn532_emulator.py) on a fresh pty, with its control socket: test and benchmark
/// tooling (package-internal), never used by the daemon.
///
/// Each emulator has a hard time limit of its own (it exits by itself), and `stop()` ends it; libnfc connects with
/// `pn532_uart:<link>`.
package final class PN532Emulator: @unchecked Sendable {
    // Confinement: used by one test or benchmark at a time; the child process is started and reaped by its owner only.
    package let directory: URL
    package let link: String
    package let controlPath: String
    private let pid: pid_t
    private var reaped = false

    /// The repository this file is in (tests and benchmarks run from a checkout).
    package static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Starts the emulator script; throws when it is not ready within 5 s.
    package init(
        script: URL = repositoryRoot.appendingPathComponent("scripts/nfc/pn532_emulator.py"), timeLimitSeconds: Int = 60
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-pn532-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        link = directory.appendingPathComponent("pn532.tty").path
        controlPath = directory.appendingPathComponent("control.sock").path
        let arguments = [
            "python3", script.path, "--link", link, "--control", controlPath, "--time-limit", String(timeLimitSeconds),
        ]
        pid = try Self.spawn(arguments)
        let deadline = Date().addingTimeInterval(5)
        while !(FileManager.default.fileExists(atPath: controlPath) && FileManager.default.fileExists(atPath: link)) {
            guard Date() < deadline, isRunning else {
                stop()
                throw EmulatorError("the PN532 emulator did not start")
            }
            usleep(10_000)
        }
    }

    deinit { stop() }

    /// The libnfc connstring for this emulator.
    package var connstring: String { "pn532_uart:\(link)" }

    /// Ends the emulator: SIGTERM, then SIGKILL after a second; always reaps it (Foundation's `Process` is not used:
    /// its `waitUntilExit` can hang in a deinit on Linux).
    package func stop() {
        if !reaped {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == 0 { usleep(10_000) }
            if waitpid(pid, &status, WNOHANG) == 0 {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
            }
            reaped = true
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private var isRunning: Bool {
        var status: Int32 = 0
        return !reaped && waitpid(pid, &status, WNOHANG) == 0
    }

    /// Starts `arguments` (looked up on PATH) with stdin, stdout and stderr on /dev/null.
    private static func spawn(_ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var cArguments = arguments.map { strdup($0) }
        cArguments.append(nil)
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, nil, cArguments, environ)
        guard result == 0 else { throw EmulatorError("cannot start \(arguments[0]): error \(result)") }
        return pid
    }

    /// Sends one control command and returns its JSON answer.
    @discardableResult
    package func control(_ command: [String: Any]) throws -> [String: Any] {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw EmulatorError("socket failed") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(controlPath.utf8) + [0]
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in pathBytes.prefix(buffer.count).enumerated() { buffer[index] = byte }
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw EmulatorError("cannot reach the emulator's control socket") }
        let line = try JSONSerialization.data(withJSONObject: command) + Data("\n".utf8)
        _ = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !received.contains(0x0A) {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { throw EmulatorError("the emulator did not answer") }
            received += buffer.prefix(count)
        }
        let object = try JSONSerialization.jsonObject(with: Data(received))
        guard let answer = object as? [String: Any], answer["ok"] as? Bool == true else {
            throw EmulatorError("the emulator refused \(command["cmd"] ?? ""): \(object)")
        }
        return answer
    }

    /// Places a tag in the field.
    package func place(uid: String, type: String = "ntag213", signature: String?, pages: [UInt8]? = nil) throws {
        var command: [String: Any] = ["cmd": "place", "type": type, "uid": uid]
        if let signature { command["signature"] = signature }
        if let pages { command["pages"] = pages.map { String(format: "%02x", $0) }.joined() }
        try control(command)
    }

    /// The whole memory of the tag in the field.
    package func dump() throws -> [UInt8] {
        let hex = try control(["cmd": "dump"])["pages"] as? String ?? ""
        return TestHex.bytes(hex)
    }
}

/// The emulator failed to start or answer.
package struct EmulatorError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}

/// Hex helpers for tests and benchmarks.
package enum TestHex {
    package static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    package static func string(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
