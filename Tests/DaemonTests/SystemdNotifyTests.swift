#if canImport(Glibc)
import Glibc
#endif
import Daemon
import Foundation
import Testing

/// A datagram socket standing in for systemd's notification socket.
final class FakeSystemd: @unchecked Sendable {
    // Confined: only the test's task reads `fd`; the socket is closed in deinit.
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw DaemonTestError("cannot bind \(path)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// The next datagram (waits at most 10 s).
    func next() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }
}

@Suite("systemd notification")
struct SystemdNotifyTests {
    @Test func sendsReadyOnlyOnceLedgerDevicesAndAPIAreUpThenFeedsTheWatchdogThenSaysStopping() async throws {
        let fixture = try await DaemonFixture()
        let systemd = try FakeSystemd(path: fixture.dir.appendingPathComponent("notify").path)
        let daemon = try await RunningDaemon(
            fixture, environment: ["NOTIFY_SOCKET": systemd.path, "WATCHDOG_USEC": "1000000"])
        let ready = try #require((try await onThread { systemd.next() }))
        #expect(ready.split(separator: "\n").first == "READY=1")
        #expect(daemon.built.core.readiness.up == Set(ReadinessComponent.allCases))
        // The socket answered before READY was sent.
        #expect(FileManager.default.fileExists(atPath: daemon.socket))
        // Fed at half the interval, each time after a ledger read; a slow read sends STATUS= instead of WATCHDOG=1.
        var fed = 0
        for _ in 0..<6 where fed < 2 {
            let message = try await onThread { systemd.next() }
            if message == "WATCHDOG=1" { fed += 1 } else { #expect(message?.hasPrefix("STATUS=") == true) }
        }
        #expect(fed == 2)
        try await daemon.stopAndWait()
        var rest: [String] = []
        while rest.count < 10, let message = try await onThread({ systemd.next() }) {
            rest.append(message)
            if message == "STOPPING=1" { break }
        }
        #expect(rest.contains("STOPPING=1"))
    }

    @Test func sendsToAnAbstractSocketAndIgnoresRelativePaths() {
        #expect(SystemdNotify(environment: ["NOTIFY_SOCKET": "relative"]).isEnabled == false)
        #expect(SystemdNotify(environment: [:]).send("READY=1"))
        #expect(SystemdNotify(environment: ["NOTIFY_SOCKET": "@labelgate-test-\(getpid())"]).isEnabled)
        #expect(SystemdNotify.watchdogInterval(environment: ["WATCHDOG_USEC": "30000000"]) == .seconds(30))
        #expect(SystemdNotify.watchdogInterval(environment: ["WATCHDOG_USEC": "1", "WATCHDOG_PID": "1"]) == nil)
    }

    @Test func refusesAConfigurationNamingAnUnknownPrinter() {
        let toml = """
            [daemon]
            ledger = "/tmp/x.sqlite"
            socket = "/tmp/x.sock"
            [[stations]]
            id = "p"
            role = "printStation"
            printer = "missing"
            """
        #expect(throws: DaemonError.self) { try DaemonConfiguration(toml: toml) }
        #expect(throws: DaemonError.self) { try DaemonConfiguration(toml: "[daemon\nledger=") }
    }
}
