#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Daemon
import Foundation
import Gate
import LabelgateCore
import Ledger
import Synchronization

/// `labelgate bench-api`: the daemon's speed targets, measured on the real `labelgated` binary.
struct APIBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-api",
        abstract: "Measure audited accepts/s over the daemon's API, its idle RSS, and its time from start to READY=1.",
        discussion: """
            Loads --records records (one issued label each) into a fresh ledger, measures in-process audited
            accepts (Gate.accept, the baseline), then starts labelgated on that ledger with NOTIFY_SOCKET set,
            times start → READY=1, reads its idle RSS, and posts --accepts scans over the Unix socket from
            --clients keep-alive connections. Every verdict is audited with a durable commit in both runs.
            """)

    @Option(help: "Records to load.") var records = 2_000
    @Option(help: "Audited accepts per run.") var accepts = 20_000
    @Option(help: "Concurrent API connections (and in-process clients for the baseline).") var clients = 32
    @Option(help: "The labelgated binary (default: next to this labelgate).") var labelgated: String?
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-bench-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledgerPath = dir.appendingPathComponent("bench.sqlite").path
        let global = try GlobalOptions.parse(["--store", ledgerPath])
        let ledger = try global.openLedger()
        let gate = try global.openGate()
        _ = try await BenchLoader.load(records: records, into: ledger)
        let scans = try BenchLoader.scans(count: min(records, 5_000), records: records).map(\.scan)
        var report = APIBenchReport(accepts: accepts, clients: clients)
        let baselineCPUBefore = Self.ownCPUSeconds()
        report.baselineAcceptsPerSecond = await BenchRuns.accepts(
            gate: gate, scans: scans, total: accepts, clients: clients)
        report.baselineCPUMicrosecondsPerAccept = (Self.ownCPUSeconds() - baselineCPUBefore) / Double(accepts) * 1e6

        let binary = labelgated ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("labelgated").path
        let token = "bench-\(UUID().uuidString)"
        let socket = dir.appendingPathComponent("api.sock").path
        let config = """
            [daemon]
            ledger = "\(ledgerPath)"
            socket = "\(socket)"
            usb = false
            event_buffer = 64
            [[stations]]
            id = "bench"
            role = "printStation"
            [[tokens]]
            name = "bench"
            role = "admin"
            sha256 = "\(TokenStore.digest(of: token))"
            """
        let configPath = dir.appendingPathComponent("labelgate.toml").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let notify = try NotifyListener(path: dir.appendingPathComponent("notify.sock").path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--config", configPath]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["LABELGATE_LOG_LEVEL"] = "warning"
        process.environment = environment
        let started = ContinuousClock.now
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        guard notify.waitFor("READY=1", timeoutSeconds: 30) else {
            throw CLIError("labelgated did not send READY=1 within 30 s")
        }
        report.startToReadyMilliseconds = (ContinuousClock.now - started).seconds * 1000
        try await Task.sleep(for: .seconds(1))
        report.idleRSSKiB = Self.rssKiB(pid: process.processIdentifier)

        let bodies = scans.map { scan in
            try! JSONEncoder().encode(["base64": Data(scan.bytes).base64EncodedString(), "aim": scan.aimIdentifier ?? ""])
        }
        let pid = process.processIdentifier
        let scanRun = try Self.measure(daemon: pid) {
            try Self.post(socket: socket, token: token, bodies: bodies, total: accepts, clients: clients) { status, body in
                status == 200 && Self.isAccepted(body)
            }
        }
        report.apiAcceptsPerSecond = scanRun.rate
        report.apiAccepted = scanRun.answered
        report.daemonCPUMicrosecondsPerRequest = scanRun.daemonCPU / Double(accepts) * 1e6
        report.clientCPUMicrosecondsPerRequest = scanRun.clientCPU / Double(accepts) * 1e6
        // The HTTP floor: the same endpoint with a body that names no scan, answered 400 before the gate (no read,
        // no audit row): what the HTTP layer alone costs.
        let floorRun = try Self.measure(daemon: pid) {
            try Self.post(socket: socket, token: token, bodies: [Data("{}".utf8)], total: accepts, clients: clients) {
                status, _ in status == 400
            }
        }
        report.httpFloorRequestsPerSecond = floorRun.rate
        report.daemonCPUMicrosecondsPerFloorRequest = floorRun.daemonCPU / Double(accepts) * 1e6
        guard floorRun.answered == accepts else { throw CLIError("only \(floorRun.answered) of \(accepts) floor requests got 400") }
        report.rssAfterKiB = Self.rssKiB(pid: process.processIdentifier)
        let stopping = ContinuousClock.now
        process.terminate()
        process.waitUntilExit()
        report.sigtermToExitMilliseconds = (ContinuousClock.now - stopping).seconds * 1000
        report.exitStatus = process.terminationStatus
        report.sentStopping = notify.waitFor("STOPPING=1", timeoutSeconds: 1)
        report.ratioToBaseline = report.apiAcceptsPerSecond / max(report.baselineAcceptsPerSecond, 1)
        report.print(json: json)
        guard scanRun.answered == accepts else {
            throw CLIError("only \(scanRun.answered) of \(accepts) API scans were accepted")
        }
    }

    /// What one timed run over the API measured.
    struct Run {
        var rate: Double
        var answered: Int
        var daemonCPU: Double
        var clientCPU: Double
    }

    /// Times `body` (which returns requests per second and how many were answered as expected) and the CPU the
    /// daemon and this process used meanwhile.
    static func measure(daemon pid: Int32, _ body: () throws -> (Double, Int)) rethrows -> Run {
        let daemonBefore = cpuSeconds(pid: pid)
        let clientBefore = ownCPUSeconds()
        let (rate, answered) = try body()
        return Run(
            rate: rate, answered: answered, daemonCPU: cpuSeconds(pid: pid) - daemonBefore,
            clientCPU: ownCPUSeconds() - clientBefore)
    }

    /// Posts `total` scan bodies from `clients` threads, each on its own keep-alive connection; counts the replies
    /// `expected` accepts.
    static func post(
        socket: String, token: String, bodies: [Data], total: Int, clients: Int,
        expected: @escaping @Sendable (Int, [UInt8]) -> Bool
    ) throws -> (Double, Int) {
        let counts = Mutex(0)
        let group = DispatchGroup()
        let start = ContinuousClock.now
        for client in 0..<clients {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                guard let connection = try? DaemonConnection(address: socket) else { return }
                let requests = bodies.map {
                    connection.prepare("POST", "/v1/stations/bench/scans", token: token, json: $0)
                }
                var n = client
                var answered = 0
                defer { counts.withLock { $0 += answered } }
                while n < total {
                    if let reply = try? connection.send(requests[n % requests.count]), expected(reply.status, reply.body) {
                        answered += 1
                    }
                    n += clients
                }
            }
            thread.start()
        }
        group.wait()
        let elapsed = (ContinuousClock.now - start).seconds
        return (Double(total) / elapsed, counts.withLock { $0 })
    }

    static let acceptedMarker = Array(#""outcome":"accepted""#.utf8)

    static func isAccepted(_ body: [UInt8]) -> Bool {
        let marker = acceptedMarker
        guard body.count >= marker.count else { return false }
        return (0...(body.count - marker.count)).contains { start in
            body[start] == marker[0] && body[start..<(start + marker.count)].elementsEqual(marker)
        }
    }

    /// User + system CPU seconds a process has used (`/proc/PID/stat`, fields 14 and 15).
    static func cpuSeconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command name start at field 3 (state); utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// User + system CPU seconds this process has used.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func rssKiB(pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}

/// What `bench-api` measured.
struct APIBenchReport: Encodable {
    var accepts: Int
    var clients: Int
    var baselineAcceptsPerSecond = 0.0
    var apiAcceptsPerSecond = 0.0
    var apiAccepted = 0
    var ratioToBaseline = 0.0
    /// CPU (user + system) per in-process audited accept: the gate and ledger alone.
    var baselineCPUMicrosecondsPerAccept = 0.0
    /// Daemon CPU (user + system) per API request: what the daemon's throughput costs, whatever the machine.
    var daemonCPUMicrosecondsPerRequest = 0.0
    /// The benchmark client's own CPU per request (it shares the machine with the daemon).
    var clientCPUMicrosecondsPerRequest = 0.0
    /// Requests/s when the daemon answers 400 before the gate: the HTTP layer alone.
    var httpFloorRequestsPerSecond = 0.0
    /// Daemon CPU per such request.
    var daemonCPUMicrosecondsPerFloorRequest = 0.0
    var startToReadyMilliseconds = 0.0
    var idleRSSKiB = 0
    var rssAfterKiB = 0
    var sigtermToExitMilliseconds = 0.0
    var exitStatus: Int32 = -1
    var sentStopping = false

    func print(json: Bool) {
        if json {
            Output.json(self)
            return
        }
        Swift.print("""
            audited accepts/s in-process (baseline, \(clients) clients): \(Int(baselineAcceptsPerSecond))
            audited accepts/s over the API (\(clients) connections):    \(Int(apiAcceptsPerSecond))  (\(apiAccepted)/\(accepts) accepted, \(String(format: "%.2f", ratioToBaseline))x baseline; target >= 5000)
            CPU per API request:                              daemon \(Int(daemonCPUMicrosecondsPerRequest)) µs, benchmark client \(Int(clientCPUMicrosecondsPerRequest)) µs (in-process accept: \(Int(baselineCPUMicrosecondsPerAccept)) µs)
            HTTP floor (400 before the gate):                 \(Int(httpFloorRequestsPerSecond)) requests/s, daemon \(Int(daemonCPUMicrosecondsPerFloorRequest)) µs CPU each
            start -> READY=1:                                 \(String(format: "%.0f", startToReadyMilliseconds)) ms
            idle RSS:                                         \(idleRSSKiB) KiB (after the run: \(rssAfterKiB) KiB)
            SIGTERM -> exit:                                  \(String(format: "%.0f", sigtermToExitMilliseconds)) ms (status \(exitStatus), STOPPING=1 sent: \(sentStopping))
            """)
    }
}

/// A datagram socket standing in for systemd's notification socket.
final class NotifyListener {
    let path: String
    private let fd: Int32
    private var received: [String] = []

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CLIError("socket() failed") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw CLIError("cannot bind \(path)") }
    }

    deinit { close(fd) }

    /// Waits until a datagram containing the line `line` arrives (or has arrived).
    func waitFor(_ line: String, timeoutSeconds: Int) -> Bool {
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        while true {
            if received.contains(where: { $0.split(separator: "\n").contains(Substring(line)) }) { return true }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&poller, 1, max(1, milliseconds)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { received.append(String(decoding: buffer[..<count], as: UTF8.self)) }
        }
    }
}
