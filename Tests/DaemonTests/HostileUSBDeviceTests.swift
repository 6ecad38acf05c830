#if canImport(Glibc)
    import Glibc
#endif
import Daemon
import Foundation
import Testing

/// Must show (issue 13): the 19-byte report descriptor `05 8C 09 02 A1 01 77 FF FF FF FF 97 FF FF FF FF 81 02 C0`
/// (Report Size × Report Count overflows) presented by a umockdev-emulated device with a catalog HID POS vendor ID,
/// through the real libusb, to the real labelgated: the daemon stays up and reports the device as failed, and a
/// genuine scanner plugged in next still works. A catalog scanner that no station binds is reported as ignored
/// (`deviceIgnored`) and never read: its scan reaches no gate.
@Suite("Hostile USB device against the real labelgated", .serialized, .enabled(if: UmockdevDaemon.enabled))
struct HostileUSBDeviceTests {
    static let hostileDescriptor = "058C0902A10177FFFFFFFF97FFFFFFFF8102C0"
    static let evilID = "0c2e:0b87@1-3"
    static let unboundID = "1eab:0c03@1-5"
    static let genuineID = "05f9:2206@1-4"

    @Test(.timeLimit(.minutes(3)))
    func theOverflowingDescriptorFailsItsDeviceOnlyAndAnUnboundScannerIsIgnored() async throws {
        try UmockdevDaemon.check()
        let scanners = (
            dock: [#"{ vendor = "05f9", product = "2206" }"#], bed: [#"{ vendor = "0c2e", product = "0b87" }"#]
        )
        let fixture = try await DaemonFixture(usb: true, scanners: scanners)
        let dir = fixture.dir
        let configPath = dir.appendingPathComponent("labelgate.toml").path
        try DaemonFixture.toml(
            dir: dir, ledger: fixture.configuration.daemon.ledger, tcpPort: nil, usb: true, scanners: scanners
        ).write(toFile: configPath, atomically: true, encoding: .utf8)
        let go = dir.appendingPathComponent("go")
        let next = dir.appendingPathComponent("next")
        let payloadFile = dir.appendingPathComponent("payload.hex")
        let stop = dir.appendingPathComponent("stop")
        let plan: [String: Any] = [
            "devices": [
                "evil": [
                    "vid": "0c2e", "pid": "0b87", "kind": "pos", "serial": "EVIL-1", "port": "1-3",
                    "encoding": ["pos": "honeywell"], "descriptorHex": Self.hostileDescriptor,
                ],
                "unbound": [
                    "vid": "1eab", "pid": "0c03", "kind": "wedge", "serial": "NL-1", "port": "1-5",
                    "encoding": ["layout": "us", "gs": "ctrl", "suffix": "enter", "releases": true],
                ],
                "genuine": EmulatedScannerEndToEndTests.wedge,
            ],
            "steps": [
                ["startClient": true],
                ["waitFile": go.path, "timeout": 60], ["plug": "evil"],
                ["waitFile": next.path, "timeout": 60], ["plug": "unbound"], ["sleep": 1],
                ["scan": "unbound", "hex": EmulatedScannerEndToEndTests.hex("]d1=G1234")],
                ["plug": "genuine"], ["waitOpen": "genuine", "timeout": 20],
                ["waitFile": payloadFile.path, "timeout": 60],
                ["scan": "genuine", "hexFile": payloadFile.path], ["waitDrained": "genuine", "timeout": 20],
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
        let kiosk = DaemonFixture.tokens[.kiosk]!
        let devices = { @Sendable () async throws -> [[String: Any]] in
            let reply = try await onThread {
                try DaemonConnection(address: socket).request("GET", "/v1/devices", token: kiosk)
            }
            return (try JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]]) ?? []
        }
        let device = { @Sendable (id: String) async throws -> [String: Any]? in
            try await devices().first { $0["kind"] as? String == "scanner" && $0["id"] as? String == id }
        }

        // The watcher, one JSON object per line.
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        watch.arguments = [
            "120", EndToEndTests.binary("labelgate").path, "watch", "--json", "--daemon", socket, "--token", kiosk,
        ]
        let watchOutput = Pipe()
        watch.standardOutput = watchOutput
        try watch.run()
        defer { if watch.isRunning { kill(watch.processIdentifier, SIGTERM) } }
        let watched = LineCollector(watchOutput.fileHandleForReading)
        for _ in 0..<200 {
            let reply = try await onThread {
                try DaemonConnection(address: socket).request("GET", "/v1/status", token: kiosk)
            }
            if (try? reply.decode([String: AnyCodable].self))?["eventClients"]?.int == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        // The hostile device: failed, with the descriptor's code; the daemon is still up.
        try UmockdevDaemon.hand("go", to: go)
        var evil: [String: Any]?
        for _ in 0..<300 {
            evil = try await device(Self.evilID)
            if evil?["state"] as? String == "failed" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(evil?["state"] as? String == "failed", "\(String(describing: evil))\n\(log())")
        #expect(evil?["detail"] as? String == "scanner.descriptorInvalid", "\(String(describing: evil))")
        #expect(harness.isRunning, "\(log())")

        // A catalog scanner no station binds: ignored and announced, never read.
        try UmockdevDaemon.hand("next", to: next)
        let ignored = try await watched.wait(seconds: 30) { events in
            events.contains { $0["type"] as? String == "deviceIgnored" && $0["device"] as? String == Self.unboundID }
        }
        let announcement = ignored.first {
            $0["type"] as? String == "deviceIgnored" && $0["device"] as? String == Self.unboundID
        }
        #expect(announcement?["state"] as? String == "ignored", "\(ignored)\n\(log())")
        #expect(try await device(Self.unboundID)?["state"] as? String == "ignored")

        // The genuine scanner plugged in next works: arrival, then its scan accepted at the dock.
        let arrived = try await watched.wait(seconds: 30) { events in
            events.contains { $0["type"] as? String == "deviceArrived" && $0["device"] as? String == Self.genuineID }
        }
        #expect(
            arrived.contains { $0["type"] as? String == "deviceArrived" && $0["device"] as? String == Self.genuineID })
        let printed = try await onThread {
            try DaemonConnection(address: socket).request(
                "POST", "/v1/print", token: DaemonFixture.tokens[.printStation],
                json: try JSONSerialization.data(withJSONObject: fixture.printBody))
        }
        let labels = try #require(try JSONSerialization.jsonObject(with: printed.body) as? [[String: Any]])
        let payload = try #require(labels.first?["payload"] as? String)
        try UmockdevDaemon.hand(EmulatedScannerEndToEndTests.hex("]d1" + payload), to: payloadFile)
        let seen = try await watched.wait(seconds: 40) { events in
            events.contains { $0["type"] as? String == "verdict" && $0["device"] as? String == Self.genuineID }
        }
        let verdicts = seen.filter { $0["type"] as? String == "verdict" }
        #expect(verdicts.count == 1, "\(seen)\n\(log())")
        #expect((verdicts.first?["verdict"] as? [String: Any])?["outcome"] as? String == "accepted", "\(verdicts)")
        #expect(verdicts.first?["station"] as? String == "dock-1")
        // Neither the hostile device nor the unbound scanner produced a scan or a verdict.
        #expect(
            !seen.contains {
                ["scan", "verdict"].contains($0["type"] as? String) && $0["device"] as? String == Self.unboundID
            })
        #expect(
            !seen.contains {
                ["scan", "verdict"].contains($0["type"] as? String) && $0["device"] as? String == Self.evilID
            })
        #expect(try await device(Self.evilID)?["state"] as? String == "failed")
        // `labelgate devices` shows both as an operator sees them.
        let (listStatus, listing) = try await onThread {
            try EndToEndTests.run("labelgate", ["devices", "--daemon", socket, "--token", kiosk])
        }
        #expect(listStatus == 0)
        let lines = listing.split(separator: "\n")
        #expect(lines.contains { $0.contains(Self.evilID) && $0.hasSuffix("failed") }, "\(listing)")
        #expect(lines.contains { $0.contains(Self.unboundID) && $0.hasSuffix("ignored") }, "\(listing)")
        #expect(lines.contains { $0.contains(Self.genuineID) && $0.contains("dock-1") && $0.hasSuffix("attached") })

        try UmockdevDaemon.hand("stop", to: stop)
        let status = try await onThread { () -> Int32 in
            harness.waitUntilExit()
            return harness.terminationStatus
        }
        #expect(status == 0, "\(log())")
    }
}
