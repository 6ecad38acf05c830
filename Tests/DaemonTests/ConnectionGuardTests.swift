#if canImport(Glibc)
    import Glibc
#endif
import Daemon
import Foundation
import Testing

/// The API's connection guards on the daemon's Unix socket: the cap on open connections, event-stream heartbeats, and
/// the reclaim of a client that stopped reading.
@Suite("API connection guards", .serialized, .timeLimit(.minutes(2)))
struct ConnectionGuardTests {
    static func metric(_ daemon: RunningDaemon, _ name: String) -> Double? {
        BoundedResourcesTests.metric(name, in: daemon.built.core.metrics.exposition())
    }

    static func waitFor(seconds: Double = 10, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    /// Sends a status request on `fd` and reads the answer's status line (blocking).
    static func statusLine(on fd: Int32) throws -> String {
        try RawSocket.send(
            "GET /v1/status HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(DaemonFixture.tokens[.kiosk]!)\r\n\r\n",
            to: fd)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw DaemonTestError("no answer") }
        return String(decoding: buffer[..<count], as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
    }

    @Test func aConnectionOverTheCapIsClosedAtOnceAndCountedAndTheOthersServe() async throws {
        let fixture = try await DaemonFixture(daemonSettings: "max_connections = 4")
        let daemon = try await RunningDaemon(fixture)
        let held = try (0..<4).map { _ in try RawSocket.connect(daemon.socket) }
        defer { for fd in held { close(fd) } }
        #expect(try await Self.waitFor { Self.metric(daemon, "labelgate_api_connections_open") == 4 })

        let surplus = try RawSocket.connect(daemon.socket)
        defer { close(surplus) }
        #expect(
            try await Self.waitFor(seconds: 5) { RawSocket.closedByPeer(surplus) }, "the fifth connection stayed open")
        #expect(Self.metric(daemon, "labelgate_api_connections_refused_total") == 1)
        #expect(Self.metric(daemon, "labelgate_api_connections_open") == 4)
        // The four are untouched and serve requests.
        for fd in held {
            #expect(!RawSocket.closedByPeer(fd))
            #expect(try await onThread { try Self.statusLine(on: fd) } == "HTTP/1.1 200 OK")
        }
        // A slot given back is a slot for the next client.
        close(held[0])
        #expect(try await Self.waitFor { Self.metric(daemon, "labelgate_api_connections_open") == 3 })
        let next = try RawSocket.connect(daemon.socket)
        defer { close(next) }
        #expect(try await onThread { try Self.statusLine(on: next) } == "HTTP/1.1 200 OK")
        #expect(Self.metric(daemon, "labelgate_api_connections_refused_total") == 1)
        try await daemon.stopAndWait()
    }

    @Test func requestHeadsOverTheBoundsAreRefusedAndTheDaemonServesOn() async throws {
        let fixture = try await DaemonFixture()
        let daemon = try await RunningDaemon(fixture)
        let token = DaemonFixture.tokens[.kiosk]!
        let heads = [
            // 100 header fields (the bound is 64).
            (0..<100).map { "X-Filler-\($0): a\r\n" }.joined(),
            // One 20 KiB field (the bound is 16 KiB).
            "X-Long: " + String(repeating: "a", count: 20 * 1024) + "\r\n",
        ]
        for extra in heads {
            let fd = try RawSocket.connect(daemon.socket)
            defer { close(fd) }
            let answer = try await onThread { () -> String in
                try RawSocket.send(
                    "GET /v1/status HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n\(extra)\r\n",
                    to: fd)
                var timeout = timeval(tv_sec: 10, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : "closed"
            }
            // Closed, or answered with a client error: never served.
            #expect(answer == "closed" || answer.hasPrefix("HTTP/1.1 4"), "\(answer.prefix(80))")
        }
        let fd = try RawSocket.connect(daemon.socket)
        defer { close(fd) }
        #expect(try await onThread { try Self.statusLine(on: fd) } == "HTTP/1.1 200 OK")
        try await daemon.stopAndWait()
    }

    @Test func anIdleEventStreamGetsHeartbeats() async throws {
        let fixture = try await DaemonFixture(daemonSettings: "event_heartbeat_seconds = 1")
        let daemon = try await RunningDaemon(fixture)
        let fd = try RawSocket.connect(daemon.socket)
        defer { close(fd) }
        try RawSocket.send(RawSocket.eventRequest(token: DaemonFixture.tokens[.kiosk]!), to: fd)
        let received = try await onThread { () -> String in
            var timeout = timeval(tv_sec: 1, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var text = ""
            var buffer = [UInt8](repeating: 0, count: 4096)
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline, text.components(separatedBy: ": heartbeat").count < 3 {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count > 0 { text += String(decoding: buffer[..<count], as: UTF8.self) }
            }
            return text
        }
        // Two heartbeats within five seconds, and no event was published meanwhile.
        #expect(received.components(separatedBy: ": heartbeat\n\n").count >= 3, "\(received)")
        #expect(!received.contains("data: "))
        try await daemon.stopAndWait()
    }

    @Test func aClientThatStopsReadingIsClosedAndItsSubscriptionFreed() async throws {
        // The bus's own buffer is far larger than what is published: only the stalled-write guard can close it.
        let fixture = try await DaemonFixture(daemonSettings: "stalled_write_seconds = 1")
        let configuration = try DaemonConfiguration(
            toml: DaemonFixture.toml(
                dir: fixture.dir, ledger: fixture.configuration.daemon.ledger, tcpPort: nil,
                daemonSettings: "stalled_write_seconds = 1"
            ).replacingOccurrences(of: "event_buffer = 8", with: "event_buffer = 100000"))
        let built = try LabelgateDaemon.build(
            configuration: configuration, store: fixture.ledger, logger: DaemonFixture.logger, environment: [:],
            signals: [])
        let group = built.group
        let running = Task { try await group.run() }
        while !built.core.readiness.isReady { try await Task.sleep(for: .milliseconds(20)) }
        let reader = try RawSocket.connect(configuration.daemon.socket)
        defer { close(reader) }
        let stalled = try RawSocket.connect(configuration.daemon.socket)
        defer { close(stalled) }
        try RawSocket.send(RawSocket.eventRequest(token: DaemonFixture.tokens[.kiosk]!), to: stalled)
        #expect(try await Self.waitFor { built.core.bus.subscriberCount == 1 })

        // 4 MiB of events: far more than the socket and NIO buffer for a client that reads nothing.
        let message = String(repeating: "x", count: 4000)
        for index in 0..<1000 {
            built.core.bus.publish(DaemonEvent(type: .manifest, station: "dock-1", state: "\(index)", message: message))
            if index.isMultiple(of: 100) { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(try await Self.waitFor(seconds: 20) { built.core.bus.subscriberCount == 0 }, "never reclaimed")
        #expect(try await Self.waitFor(seconds: 5) { RawSocket.closedByPeer(stalled) })
        #expect(built.core.bus.droppedSubscribers == 0, "closed by the bus, not by the stalled-write guard")
        let exposition = built.core.metrics.exposition()
        #expect(BoundedResourcesTests.metric("labelgate_api_connections_stalled_total", in: exposition) == 1)
        // Another connection is unaffected.
        #expect(!RawSocket.closedByPeer(reader))
        #expect(try await onThread { try Self.statusLine(on: reader) } == "HTTP/1.1 200 OK")
        try await shutDown(group, running: running)
    }
}

/// The cap must fit the process's descriptor limit, and the unit's limit must fit the default cap.
@Suite("Connection cap and descriptor limits")
struct DescriptorLimitTests {
    @Test(.timeLimit(.minutes(1)), .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")))
    func labelgatedRefusesToStartWhenTheCapCannotFitItsDescriptorLimit() async throws {
        let fixture = try await DaemonFixture()
        let config = fixture.dir.appendingPathComponent("labelgate.toml")
        try DaemonFixture.toml(
            dir: fixture.dir, ledger: fixture.configuration.daemon.ledger, tcpPort: nil,
            daemonSettings: "max_connections = 256"
        ).write(to: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "30", "/usr/bin/prlimit", "--nofile=300:300", EndToEndTests.binary("labelgated").path, "--config",
            config.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = try await onThread { () -> String in
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(process.terminationStatus != 0 && process.terminationStatus != 124, "\(text)")
        #expect(text.contains("max_connections = 256 needs 384 file descriptors"), "\(text)")
    }

    @Test func theUnitsDescriptorLimitFitsTheDefaultCapAndStaysBelowFDSetSize() throws {
        let unit = try String(
            contentsOf: DaemonFixture.repositoryRoot.appendingPathComponent("systemd/labelgated.service"),
            encoding: .utf8)
        func value(_ key: String) -> String? {
            unit.split(separator: "\n").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
        let files = try #require(value("LimitNOFILE").flatMap(Int.init))
        let defaults = try DaemonConfiguration(toml: ConfigurationStrictnessTests.daemon).daemon
        #expect(files >= defaults.maxConnections + LabelgateDaemon.reservedDescriptors)
        #expect(files <= 1024, "descriptors >= FD_SETSIZE would reach libnfc's select()")
        #expect(value("TasksMax") != nil && value("MemoryMax") != nil && value("MemoryHigh") != nil)
    }
}
