#if canImport(Glibc)
import Glibc
#endif
import Daemon
import Foundation
import Testing

/// The real `labelgated` reading an emulated USB scanner through the real libusb (umockdev): a label printed through
/// the API is scanned by the keyboard-wedge scanner at the dock (accepted), a tampered copy too (refused), and the
/// arrival and both verdicts are read from `labelgate watch --json`.
@Suite("End to end: labelgated with an emulated USB scanner", .serialized, .enabled(if: UmockdevDaemon.enabled))
struct EmulatedScannerEndToEndTests {
    /// A HID POS scanner present when the daemon starts (bound to the bedside).
    static var pos: [String: Any] {
        [
        "vid": "0c2e", "pid": "0b87", "kind": "pos", "serial": "HW-0001", "port": "1-3",
        "encoding": ["pos": "honeywell"],
        ]
    }
    /// A keyboard-wedge scanner plugged in while the daemon runs (bound to the dock).
    static var wedge: [String: Any] {
        [
        "vid": "05f9", "pid": "2206", "kind": "wedge", "serial": "DL-0001", "port": "1-4",
        "encoding": ["layout": "us", "gs": "ctrl", "suffix": "enter", "releases": true],
        ]
    }

    static func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }

    @Test(.timeLimit(.minutes(3)))
    func aLabelPrintedThroughTheAPIIsScannedByAnEmulatedScannerAndATamperedCopyRefused() async throws {
        try UmockdevDaemon.check()
        let scanners = (dock: [#"{ vendor = "05f9", product = "2206" }"#], bed: [#"{ vendor = "0c2e", product = "0b87" }"#])
        let fixture = try await DaemonFixture(usb: true, scanners: scanners)
        let dir = fixture.dir
        let configPath = dir.appendingPathComponent("labelgate.toml").path
        try DaemonFixture.toml(
            dir: dir, ledger: fixture.configuration.daemon.ledger, tcpPort: nil, usb: true, scanners: scanners
        ).write(toFile: configPath, atomically: true, encoding: .utf8)
        let go = dir.appendingPathComponent("go")
        let payloadFile = dir.appendingPathComponent("payload.hex")
        let tamperedFile = dir.appendingPathComponent("tampered.hex")
        let unplug = dir.appendingPathComponent("unplug")
        let stop = dir.appendingPathComponent("stop")
        let plan: [String: Any] = [
            "devices": ["pos": Self.pos, "kbd": Self.wedge],
            "steps": [
                ["plug": "pos"], ["startClient": true],
                ["waitFile": go.path, "timeout": 60],
                ["plug": "kbd"], ["waitOpen": "kbd", "timeout": 20],
                ["waitFile": payloadFile.path, "timeout": 60],
                ["scan": "kbd", "hexFile": payloadFile.path], ["waitDrained": "kbd", "timeout": 20],
                ["scan": "kbd", "hexFile": tamperedFile.path], ["waitDrained": "kbd", "timeout": 20],
                ["waitFile": unplug.path, "timeout": 60], ["unplug": "kbd"],
                ["waitFile": stop.path, "timeout": 60], ["signalClient": "TERM"],
            ],
            "clientTimeout": 30,
        ]
        // READY=1 comes only after the first enumeration: the scanner present at start is already listed.
        let daemon = try await UmockdevDaemon.startReady(plan: plan, config: configPath, dir: dir)
        let harness = daemon.process
        defer { if harness.isRunning { kill(harness.processIdentifier, SIGTERM) } }
        let log = { daemon.log }
        let socket = fixture.configuration.daemon.socket
        let api = try DaemonConnection(address: socket)
        let devices = try api.request("GET", "/v1/devices", token: DaemonFixture.tokens[.kiosk])
        let listed = (try JSONSerialization.jsonObject(with: devices.body) as? [[String: Any]]) ?? []
        let present = listed.first { $0["kind"] as? String == "scanner" && $0["id"] as? String == "0c2e:0b87@1-3" }
        #expect(present?["state"] as? String == "attached", "\(listed)")
        #expect(present?["station"] as? String == "bed-1")

        // The watcher, one JSON object per line, until the daemon closes the stream on shutdown.
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        watch.arguments = [
            "120", EndToEndTests.binary("labelgate").path, "watch", "--json", "--daemon", socket, "--token",
            DaemonFixture.tokens[.kiosk]!,
        ]
        let watchOutput = Pipe()
        watch.standardOutput = watchOutput
        try watch.run()
        defer { if watch.isRunning { kill(watch.processIdentifier, SIGTERM) } }
        let watched = LineCollector(watchOutput.fileHandleForReading)
        for _ in 0..<200 {
            let reply = try api.request("GET", "/v1/status", token: DaemonFixture.tokens[.kiosk])
            if (try? reply.decode([String: AnyCodable].self))?["eventClients"]?.int == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        // Plug the dock's scanner: its arrival is on the stream.
        try UmockdevDaemon.hand("go", to: go)
        let arrived = try await watched.wait(seconds: 30) { events in
            events.contains { $0["type"] as? String == "deviceArrived" && $0["device"] as? String == "05f9:2206@1-4" }
        }
        #expect(
            arrived.contains { $0["type"] as? String == "deviceArrived" && $0["device"] as? String == "05f9:2206@1-4" },
            "\(arrived)\n\(log())")

        // Print a bag label through the daemon with the CLI; the emulated scanner types it, then a tampered copy.
        let (printStatus, printed) = try EndToEndTests.run(
            "labelgate",
            ["print", "--daemon", socket, "--token", DaemonFixture.tokens[.printStation]!, "--record",
             fixture.record.coi.content, "--station", "print-1", "--flags", "01", "--json"])
        try #require(printStatus == 0, "\(printed)")
        let labels = try #require(try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [[String: Any]])
        let payload = try #require(labels.first?["payload"] as? String)
        let serial = try #require(labels.first?["serial"] as? String)
        let tampered = String(payload.dropLast()) + (payload.hasSuffix("A") ? "B" : "A")
        // A wedge scanner types the AIM identifier (ISBT 128 Data Matrix: ]d1), the data, then Enter.
        try UmockdevDaemon.hand(Self.hex("]d1" + tampered), to: tamperedFile)
        try UmockdevDaemon.hand(Self.hex("]d1" + payload), to: payloadFile)
        let seen = try await watched.wait(seconds: 40) { events in
            events.filter { $0["type"] as? String == "verdict" }.count >= 2
        }
        let verdicts = seen.filter { $0["type"] as? String == "verdict" }
        let decided = verdicts.compactMap { $0["verdict"] as? [String: Any] }
        #expect(decided.map { $0["outcome"] as? String ?? "" } == ["accepted", "refused"], "\(seen)\n\(log())")
        #expect(decided.first?["serial"] as? String == serial)
        #expect(decided.last?["reason"] as? String == "hashMismatch", "\(decided)")
        #expect(verdicts.map { $0["device"] as? String ?? "" } == ["05f9:2206@1-4", "05f9:2206@1-4"])
        #expect(verdicts.map { $0["station"] as? String ?? "" } == ["dock-1", "dock-1"])
        let scans = seen.filter { $0["type"] as? String == "scan" }
        #expect(scans.count == 2 && scans.allSatisfy { $0["device"] as? String == "05f9:2206@1-4" })

        // Unplug the dock's scanner: its departure is on the stream.
        try UmockdevDaemon.hand("unplug", to: unplug)
        let departed = try await watched.wait(seconds: 30) { events in
            events.contains { $0["type"] as? String == "deviceDeparted" && $0["device"] as? String == "05f9:2206@1-4" }
        }
        #expect(
            departed.contains { $0["type"] as? String == "deviceDeparted" && $0["device"] as? String == "05f9:2206@1-4" },
            "\(departed)")

        // Stop: the emulator sends SIGTERM; the daemon shuts down gracefully (exit 0) and closes the event stream
        // (before the devices are released, so their shutdown is not on it), which ends the watcher.
        try UmockdevDaemon.hand("stop", to: stop)
        let status = try await onThread { () -> Int32 in
            harness.waitUntilExit()
            return harness.terminationStatus
        }
        #expect(status == 0, "\(log())")
        let watchStatus = try await onThread { () -> Int32 in
            watch.waitUntilExit()
            return watch.terminationStatus
        }
        #expect(watchStatus == 0)
        let all = watched.objects
        // No patient data on the stream: the sample record's names never appear.
        let stream = all.map { "\($0)" }.joined()
        #expect(!stream.contains(fixture.record.patient.familyName))
    }
}
