#if canImport(Glibc)
    import Glibc
#endif
import Daemon
import Foundation
import Synchronization
import Testing

/// Bounded resources (issue 13, item 5) against the real labelgated on its Unix socket: a thousand idle connections
/// and a hundred event-stream clients that never read are held open (by scripts/load/hold_clients.py, a process of
/// its own, so the test process never holds a file descriptor >= FD_SETSIZE) while scans are posted at a steady rate.
/// Every scan is decided, correctly, none lost; the connection cap holds (connections over it are closed at once
/// and counted, the others untouched); the non-reading clients are reclaimed; a reading watcher sees every verdict.
@Suite("Bounded resources against the real labelgated", .serialized, .timeLimit(.minutes(5)))
struct BoundedResourcesTests {
    static let cap = 1150
    static let idle = 1000
    static let streams = 100

    /// The helper process, driven line by line.
    final class Holder: @unchecked Sendable {
        // Confined to the test's sequential use.
        let process = Process()
        private let input = Pipe()
        private let output = Pipe()
        private var pending = Data()

        init(socket: String, token: String, idle: Int, streams: Int) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            process.arguments = [
                "600", "python3",
                DaemonFixture.repositoryRoot.appendingPathComponent("scripts/load/hold_clients.py").path,
                socket, token, String(idle), String(streams),
            ]
            process.standardInput = input
            process.standardOutput = output
            try process.run()
        }

        /// The next JSON line (blocking: call it on a thread).
        func next() throws -> [String: Int] {
            let handle = output.fileHandleForReading
            while true {
                if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[pending.startIndex..<newline]
                    pending.removeSubrange(pending.startIndex...newline)
                    return (try JSONSerialization.jsonObject(with: line) as? [String: Int]) ?? [:]
                }
                let chunk = handle.availableData
                guard !chunk.isEmpty else { throw DaemonTestError("hold_clients.py ended") }
                pending.append(chunk)
            }
        }

        func command(_ line: String) throws -> [String: Int] {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
            return try next()
        }

        func quit() {
            if process.isRunning { input.fileHandleForWriting.write(Data("quit\n".utf8)) }
            process.waitUntilExit()
        }
    }

    struct ScanResult: Sendable {
        var expected: String
        var outcome: String?
        var reason: String?
    }

    /// The value of an unlabelled metric in the exposition.
    static func metric(_ name: String, in exposition: String) -> Double? {
        exposition.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap {
            Double($0.split(separator: " ")[1])
        }
    }

    /// Every audited verdict counted in the exposition, whatever its outcome and station.
    static func verdictTotal(_ exposition: String) -> Double {
        exposition.split(separator: "\n").filter { $0.hasPrefix("labelgate_verdicts_total{") }
            .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
    }

    @Test func aThousandIdleAndAHundredStalledClientsNeitherStopTheDockNorBreakTheCap() async throws {
        let fixture = try await DaemonFixture()
        let toml = DaemonFixture.toml(dir: fixture.dir, ledger: fixture.configuration.daemon.ledger, tcpPort: nil)
            .replacingOccurrences(
                of: "event_buffer = 8",
                with: """
                    event_buffer = 256
                    max_connections = \(Self.cap)
                    idle_timeout_seconds = 600
                    event_heartbeat_seconds = 1
                    stalled_write_seconds = 2
                    """)
        let daemon = try await SpawnedDaemon(toml: toml, dir: fixture.dir, socket: fixture.configuration.daemon.socket)
        defer { _ = daemon.stop() }
        let socket = daemon.socket
        let kiosk = DaemonFixture.tokens[.kiosk]!
        let status = { @Sendable () async throws -> [String: AnyCodable] in
            try await daemon.request("GET", "/v1/status", token: kiosk).decode([String: AnyCodable].self)
        }
        let metrics = { @Sendable () async throws -> String in
            String(
                decoding: try await daemon.request("GET", "/metrics", token: DaemonFixture.tokens[.admin]).body,
                as: UTF8.self)
        }

        // A label to scan, and a tampered copy.
        let printed = try await daemon.request(
            "POST", "/v1/print", token: DaemonFixture.tokens[.printStation],
            json: try JSONSerialization.data(withJSONObject: fixture.printBody))
        let labels = try #require(try JSONSerialization.jsonObject(with: printed.body) as? [[String: Any]])
        let payload = try #require(labels.first?["payload"] as? String)
        let tampered = String(payload.dropLast()) + (payload.hasSuffix("A") ? "B" : "A")

        // A watcher that reads: it must see every verdict.
        let watcherVerdicts = Mutex(0)
        let stopWatching = Mutex(false)
        let watcher = Task {
            try await onThread {
                _ = try DaemonConnection(address: socket, timeoutSeconds: 30).events(token: kiosk) { data in
                    let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
                    if object["type"] as? String == "verdict" { watcherVerdicts.withLock { $0 += 1 } }
                    return !stopWatching.withLock { $0 }
                }
            }
        }
        for _ in 0..<200 {
            if try await status()["eventClients"]?.int == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        // The thousand idle connections and the hundred clients that never read.
        let holder = try Holder(socket: socket, token: kiosk, idle: Self.idle, streams: Self.streams)
        defer { holder.quit() }
        let opened = try await onThread { try holder.next() }
        #expect(opened == ["idle": Self.idle, "streams": Self.streams])
        for _ in 0..<400 {
            if try await status()["eventClients"]?.int == Self.streams + 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await status()["eventClients"]?.int == Self.streams + 1)
        let before = try await metrics()
        let openBefore = try #require(Self.metric("labelgate_api_connections_open", in: before))
        let verdictsBefore = Self.verdictTotal(before)
        #expect(openBefore >= Double(Self.idle + Self.streams + 1) && openBefore <= Double(Self.cap), "\(openBefore)")

        // Over the cap: the surplus is closed at once and counted, nothing else is touched. Open now: the idle ones,
        // the streams and the watcher (a status request's connection may still be closing).
        let free = Self.cap - Self.idle - Self.streams - 1
        let surplus = try await onThread { try holder.command("extra 100") }
        let closedAtOnce = try #require(surplus["closedAtOnce"])
        #expect((100 - free)...(100 - free + 1) ~= closedAtOnce, "\(surplus)")
        let afterSurplus = try await onThread { try holder.command("check") }
        #expect(afterSurplus["idleOpen"] == Self.idle, "\(afterSurplus)")
        #expect(afterSurplus["streamsOpen"] == Self.streams, "\(afterSurplus)")
        // While the cap is reached, a new client is turned away too; once the surplus is released it is served.
        #expect(throws: (any Error).self) {
            try DaemonConnection(address: socket).request("GET", "/v1/status", token: kiosk)
        }
        _ = try await onThread { try holder.command("release") }
        try await Task.sleep(for: .milliseconds(500))
        let refused = Self.metric("labelgate_api_connections_refused_total", in: try await metrics()).map(Int.init)
        #expect(refused == closedAtOnce + 1, "\(String(describing: refused)) vs \(surplus)")

        // Scans at a steady rate (every 50 ms), genuine and tampered in turn, until the stalled clients are gone and
        // at least 300 were posted (at most 1,500).
        let stopScanning = Mutex(false)
        let dock = DaemonFixture.tokens[.dock]
        let scanning = Task {
            try await onThread { () -> [ScanResult] in
                let connection = try DaemonConnection(address: socket)
                var results: [ScanResult] = []
                let start = Date()
                while results.count < 1500, results.count < 300 || !stopScanning.withLock({ $0 }) {
                    let genuine = results.count.isMultiple(of: 2)
                    let body = try JSONSerialization.data(withJSONObject: ["text": genuine ? payload : tampered])
                    let reply = try connection.request("POST", "/v1/stations/dock-1/scans", token: dock, json: body)
                    let verdict =
                        (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any])?["verdict"]
                        as? [String: Any]
                    results.append(
                        ScanResult(
                            expected: genuine ? "accepted" : "refused", outcome: verdict?["outcome"] as? String,
                            reason: verdict?["reason"] as? String))
                    let next = start.addingTimeInterval(Double(results.count) * 0.05)
                    if next > Date() { Thread.sleep(until: next) }
                }
                return results
            }
        }
        var reclaimed: [String: Int] = [:]
        let scanStart = ContinuousClock.now
        var reclaimedAfter: Duration?
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            reclaimed = try await onThread { try holder.command("check") }
            if reclaimed["streamsClosed"] == Self.streams {
                reclaimedAfter = ContinuousClock.now - scanStart
                break
            }
        }
        stopScanning.withLock { $0 = true }
        let results = try await scanning.value

        // Every scan decided, and correctly.
        #expect(results.count >= 300)
        let wrong = results.enumerated().filter { $0.element.outcome != $0.element.expected }
        #expect(wrong.isEmpty, "\(wrong.count) of \(results.count) wrong, first: \(String(describing: wrong.first))")
        #expect(results.filter { $0.expected == "refused" }.allSatisfy { $0.reason == "hashMismatch" })
        // The stalled clients were reclaimed (their connections closed, their subscriptions freed); the idle ones
        // and the watcher were not touched.
        #expect(reclaimed["streamsClosed"] == Self.streams, "\(reclaimed)\n\(daemon.logText)")
        #expect(reclaimed["idleOpen"] == Self.idle, "\(reclaimed)")
        let after = try await status()
        #expect(after["eventClients"]?.int == 1, "\(after)")
        let exposition = try await metrics()
        let stalled = Self.metric("labelgate_api_connections_stalled_total", in: exposition) ?? 0
        #expect(
            stalled >= Double(Self.streams) || (after["droppedEventClients"]?.int ?? 0) >= Self.streams, "\(exposition)"
        )
        let open = Self.metric("labelgate_api_connections_open", in: exposition) ?? 0
        #expect(open <= Double(Self.cap) && open < openBefore, "\(open)")
        // The watcher saw every verdict, none lost.
        for _ in 0..<100 where watcherVerdicts.withLock({ $0 }) < results.count {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(watcherVerdicts.withLock { $0 } == results.count)
        #expect(Int(Self.verdictTotal(exposition) - verdictsBefore) == results.count, "\(exposition)")

        print(
            "bounded resources: \(results.count) scans decided (\(results.filter { $0.outcome == "accepted" }.count) "
                + "accepted), \(closedAtOnce) connections refused at the cap of \(Self.cap), \(Self.streams) stalled "
                + "streams reclaimed after \(reclaimedAfter.map { "\($0)" } ?? "-") of scanning (stalled-write closes: "
                + "\(Int(stalled)), bus drops: \(after["droppedEventClients"]?.int ?? -1))")
        stopWatching.withLock { $0 = true }
        holder.quit()
        #expect(daemon.isRunning, "\(daemon.logText)")
        let exit = try await onThread { daemon.stop() }
        #expect(exit == 0, "\(daemon.logText)")
        watcher.cancel()
        _ = try? await watcher.value
    }
}
