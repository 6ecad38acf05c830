#if canImport(Glibc)
import Glibc
#endif
import Daemon
import Foundation
import LabelgateCore
import Tags
import Testing

/// NFC readers in the daemon, against PN532 emulators (scripts/nfc/pn532_emulator.py) driven by the real libnfc.
/// Run in a `swift test` process of their own (scripts/test): libnfc's serial driver uses select(), which aborts on
/// descriptors ≥ 1024.
@Suite("DaemonNFCTests: tag readers in labelgated", .serialized, .timeLimit(.minutes(2)))
struct DaemonNFCTests {
    /// The test tag maker (fixtures/nfc/originality.json): emulated tags carry its signatures, which NXP's keys
    /// do not verify.
    struct Maker: Decodable {
        struct Entry: Decodable {
            let uid: String
            let signature: String
        }
        let testMakerPublicKey: String
        let signatures: [Entry]

        static let fixture: Maker = {
            let url = DaemonFixture.repositoryRoot.appendingPathComponent("fixtures/nfc/originality.json")
            return try! JSONDecoder().decode(Maker.self, from: Data(contentsOf: url))
        }()

        static var trust: OriginalityTrust {
            OriginalityTrust.nxp.adding(
                OriginalityTrust.Key(
                    name: "test maker", publicKey: TestHex.bytes(fixture.testMakerPublicKey),
                    products: [.ntag213, .ntag215, .ntag216, .ultralightEV1]))
        }

        static func signature(_ uid: String) -> String { fixture.signatures.first { $0.uid == uid }!.signature }
    }

    static let uid = "04a1b2c3d4e5f6"
    static let nfcEnvironment = [
        "LIBNFC_AUTO_SCAN": "false", "LIBNFC_INTRUSIVE_SCAN": "false", "LIBNFC_LOG_LEVEL": "0",
    ]

    static func printBody(_ fixture: DaemonFixture, template: String) throws -> Data {
        var body = fixture.printBody
        body["template"] = template
        return try JSONSerialization.data(withJSONObject: body)
    }

    static func spooled(_ fixture: DaemonFixture) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: fixture.dir.appendingPathComponent("spool").path)) ?? []
    }

    /// The real `labelgated` (NXP keys only): the readers are tried before READY; a `"tag": true` template at the
    /// print station is refused with an emulated (not NXP-genuine) tag and nothing prints or is written; a template
    /// without a tag prints and leaves the tag alone; a blank tag on the dock reader reaches the gate and is refused
    /// (a verdict event from that reader); the dock reader's loss and return are device events; SIGTERM stops it.
    @Test func theRealDaemonDecidesTagsOnItsReadersAndReportsReaderLossAndReturn() async throws {
        let dockReader = try PN532Emulator(timeLimitSeconds: 110)
        let printReader = try PN532Emulator(timeLimitSeconds: 110)
        defer {
            dockReader.stop()
            printReader.stop()
        }
        let readers = (print: [printReader.connstring], dock: [dockReader.connstring])
        let fixture = try await DaemonFixture(readers: readers)
        let configPath = fixture.dir.appendingPathComponent("labelgate.toml").path
        try DaemonFixture.toml(
            dir: fixture.dir, ledger: fixture.configuration.daemon.ledger, tcpPort: nil, readers: readers
        ).write(toFile: configPath, atomically: true, encoding: .utf8)
        let systemd = try FakeSystemd(path: fixture.dir.appendingPathComponent("notify").path)
        let daemon = Process()
        // Started directly (SIGTERM must reach it); the suite's time limit and the kill below bound it.
        daemon.executableURL = EndToEndTests.binary("labelgated")
        daemon.arguments = ["--config", configPath]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = systemd.path
        environment["LABELGATE_LOG_LEVEL"] = "info"
        for (key, value) in Self.nfcEnvironment { environment[key] = value }
        daemon.environment = environment
        let logURL = fixture.dir.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: logURL)
        daemon.standardOutput = logHandle
        daemon.standardError = logHandle
        let log = { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }
        try daemon.run()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        var ready: String?
        for _ in 0..<3 where ready == nil { ready = try await onThread { systemd.next() } }
        try #require(ready?.hasPrefix("READY=1") == true)

        // Both readers were tried before READY.
        let socket = fixture.configuration.daemon.socket
        let api = try DaemonConnection(address: socket)
        let listed = try JSONSerialization.jsonObject(
            with: api.request("GET", "/v1/devices", token: DaemonFixture.tokens[.kiosk]).body) as? [[String: Any]] ?? []
        let states = Dictionary(
            uniqueKeysWithValues: listed.filter { $0["kind"] as? String == "reader" }.map {
                ($0["id"] as? String ?? "", $0["state"] as? String ?? "")
            })
        #expect(states == [dockReader.connstring: "attached", printReader.connstring: "attached"], "\(listed)")

        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        watch.arguments = [
            "90", EndToEndTests.binary("labelgate").path, "watch", "--json", "--daemon", socket, "--token",
            DaemonFixture.tokens[.kiosk]!,
        ]
        let output = Pipe()
        watch.standardOutput = output
        try watch.run()
        defer { if watch.isRunning { kill(watch.processIdentifier, SIGTERM) } }
        let watched = LineCollector(output.fileHandleForReading)
        for _ in 0..<200 {
            let reply = try api.request("GET", "/v1/status", token: DaemonFixture.tokens[.kiosk])
            if (try? reply.decode([String: AnyCodable].self))?["eventClients"]?.int == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        // A tag template at the print station with an emulated (not NXP-genuine) tag: refused, nothing printed,
        // nothing written.
        try printReader.place(uid: Self.uid, signature: Maker.signature(Self.uid))
        let blank = try printReader.dump()
        let printToken = DaemonFixture.tokens[.printStation]
        let refused = try api.request("POST", "/v1/print", token: printToken, json: Self.printBody(fixture, template: "bag-nfc"))
        #expect(refused.status >= 400, "\(String(decoding: refused.body, as: UTF8.self))")
        #expect(Self.spooled(fixture).isEmpty)
        #expect(try printReader.dump() == blank)
        // A template without a tag prints and never touches the tag.
        let printed = try api.request("POST", "/v1/print", token: printToken, json: Self.printBody(fixture, template: "bag"))
        #expect(printed.status == 200, "\(String(decoding: printed.body, as: UTF8.self))")
        #expect(!Self.spooled(fixture).isEmpty)
        #expect(try printReader.dump() == blank)

        // A blank tag placed on the dock reader: read, decided by the gate (no claim on it: refused), a verdict event
        // from that reader.
        try dockReader.place(uid: Self.uid, signature: Maker.signature(Self.uid))
        let decided = try await watched.wait(seconds: 20) { events in
            events.contains { $0["type"] as? String == "verdict" && $0["device"] as? String == dockReader.connstring }
        }
        let verdict = decided.first { $0["type"] as? String == "verdict" && $0["device"] as? String == dockReader.connstring }
        let body = verdict?["verdict"] as? [String: Any]
        #expect(body?["outcome"] as? String == "refused", "\(decided)")
        #expect(body?["reason"] as? String == "unreadable", "\(decided)")
        #expect(body?["detail"] as? String == "ndef.noMessage", "\(decided)")
        #expect(verdict?["station"] as? String == "dock-1")

        // The dock reader goes away and comes back.
        let back = try await Self.unplugAndReplug(dockReader, watched: watched)
        // The tag stayed in the field while the reader was away: read again once the reader is back.
        let verdicts = back.filter { $0["type"] as? String == "verdict" && $0["device"] as? String == dockReader.connstring }
        #expect(verdicts.count >= 1)

        // The print station's reader (a tag writer) is watched too: its loss and return are reported.
        _ = try await Self.unplugAndReplug(printReader, watched: watched)

        kill(daemon.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(20)
        while daemon.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!daemon.isRunning, "labelgated did not stop within 20 s of SIGTERM")
        if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
        let status = try await onThread { () -> Int32 in
            daemon.waitUntilExit()
            return daemon.terminationStatus
        }
        #expect(status == 0, "\(log().suffix(3000))")
    }

    /// Unplugs `reader`, expects its `deviceDeparted` event, replugs it and expects its `deviceArrived` event;
    /// returns the events watched so far.
    static func unplugAndReplug(_ reader: PN532Emulator, watched: LineCollector) async throws -> [[String: Any]] {
        func seen(_ type: String, in events: [[String: Any]]) -> Bool {
            events.contains { $0["type"] as? String == type && $0["device"] as? String == reader.connstring }
        }
        _ = try reader.control(["cmd": "unplug"])
        let gone = try await watched.wait(seconds: 20) { seen("deviceDeparted", in: $0) }
        #expect(seen("deviceDeparted", in: gone))
        _ = try reader.control(["cmd": "replug"])
        let back = try await watched.wait(seconds: 20) { seen("deviceArrived", in: $0) }
        #expect(seen("deviceArrived", in: back))
        return back
    }

    /// In process, with the gate also trusting the test tag maker: printing a `"tag": true` template writes the
    /// label's claim to the print station's tag through the gate before the label is spooled; the same tag on the dock
    /// reader is then accepted, and a copy of its bytes on another UID is refused.
    @Test func aTagTemplateWritesTheTagThroughTheGateAndTheDockReaderAcceptsIt() async throws {
        for (key, value) in Self.nfcEnvironment { setenv(key, value, 1) }
        let dockReader = try PN532Emulator(timeLimitSeconds: 90)
        let printReader = try PN532Emulator(timeLimitSeconds: 90)
        defer {
            dockReader.stop()
            printReader.stop()
        }
        let fixture = try await DaemonFixture(readers: (print: [printReader.connstring], dock: [dockReader.connstring]))
        let built = try LabelgateDaemon.build(
            configuration: fixture.configuration, store: fixture.ledger, logger: DaemonFixture.logger, environment: [:],
            signals: [], scannerTransport: nil, tagTrust: Maker.trust)
        let group = built.group
        let running = Task { try await group.run() }
        let deadline = ContinuousClock.now + .seconds(20)
        while !built.core.readiness.isReady && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(built.core.readiness.isReady)
        let events = built.core.bus.subscribe()

        try printReader.place(uid: Self.uid, signature: Maker.signature(Self.uid))
        let blank = try printReader.dump()
        let socket = fixture.configuration.daemon.socket
        let body = try Self.printBody(fixture, template: "bag-nfc")
        let printed = try await onThread {
            try DaemonConnection(address: socket).request(
                "POST", "/v1/print", token: DaemonFixture.tokens[.printStation], json: body)
        }
        #expect(printed.status == 200, "\(String(decoding: printed.body, as: UTF8.self))")
        let labels = (try JSONSerialization.jsonObject(with: printed.body) as? [[String: Any]]) ?? []
        let serial = try #require(labels.first?["serial"] as? String)
        let written = try printReader.dump()
        #expect(written != blank)
        #expect(Self.spooled(fixture).count >= 1)

        // The written tag on the dock reader: accepted by the gate; its bytes on another UID: refused.
        // The emulator takes memory from page 4 on (it derives pages 0–3 from the UID).
        let dataArea = Array(written[16...])
        try dockReader.place(uid: Self.uid, signature: Maker.signature(Self.uid), pages: dataArea)
        let other = "04112233445566"
        let verdicts = Task {
            var seen: [Verdict] = []
            for await event in events where event.type == .verdict && event.device == dockReader.connstring {
                if let verdict = event.verdict { seen.append(verdict) }
                if seen.count == 1 {
                    _ = try? dockReader.control(["cmd": "remove"])
                    // A person swaps tags in no less than a second; the reader sees the field empty in between.
                    try? await Task.sleep(for: .seconds(1))
                    try? dockReader.place(uid: other, signature: Maker.signature(other), pages: dataArea)
                }
                if seen.count == 2 { break }
            }
            return seen
        }
        let timeout = Task {
            try await Task.sleep(for: .seconds(30))
            verdicts.cancel()
        }
        let seen = await verdicts.value
        timeout.cancel()
        #expect(seen.map(\.outcome) == [.accepted, .refused], "\(seen)")
        #expect(seen.first?.serial == serial)
        #expect(seen.last?.reason == .tagNotBound)

        // A reprint of the tag label through the API, signed by two operators: the new label's claim is written to
        // the blank tag now on the print station's reader, through the gate.
        try printReader.place(uid: other, signature: Maker.signature(other))
        let fresh = try printReader.dump()
        let reprintBody = try JSONSerialization.data(withJSONObject: [
            "station": "print-1", "serial": serial, "reason": "label smudged",
            "signatures": [["badge": "B1", "pin": "1111"], ["badge": "B2", "pin": "2222"]],
        ] as [String: Any])
        let reprinted = try await onThread {
            try DaemonConnection(address: socket).request(
                "POST", "/v1/reprints", token: DaemonFixture.tokens[.printStation], json: reprintBody)
        }
        #expect(reprinted.status == 201, "\(String(decoding: reprinted.body, as: UTF8.self))")
        #expect(try printReader.dump() != fresh)

        try await shutDown(group, running: running)
    }
}
