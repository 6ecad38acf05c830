import Daemon
import Foundation
import PrintingTestSupport
import Testing

/// `[[printers]]` of kind zpl and ipp: checked by the printing module's catalog, printed to through the gate, their
/// state in /v1/devices and on the event stream.
@Suite("Daemon printers: zpl and ipp")
struct NetworkPrinterTests {
    static func configuration(_ printers: String) throws(DaemonError) -> DaemonConfiguration {
        try DaemonConfiguration(
            toml: """
                [daemon]
                ledger = "/tmp/x.sqlite"
                socket = "/tmp/x.sock"
                \(printers)
                """)
    }

    @Test func acceptsZPLAndIPPPrintersAndRefusesIncompleteOnes() throws {
        let configuration = try Self.configuration(
            """
            [[printers]]
            name = "zebra-1"
            kind = "zpl"
            host = "10.1.2.3"
            dpi = 300
            [[printers]]
            name = "office"
            kind = "ipp"
            uri = "ipp://10.1.2.4:631/ipp/print"
            raw_queue = true
            """)
        let entries = try configuration.printerCatalog().entries
        #expect(entries.map(\.backend) == ["zpl", "ipp"])
        #expect(entries[0].host == "10.1.2.3" && entries[0].port == nil && entries[0].dpi == 300)
        #expect(entries[1].uri == "ipp://10.1.2.4:631/ipp/print" && entries[1].rawQueue == true)
        for broken in [
            "[[printers]]\nname = \"z\"\nkind = \"zpl\"",  // no host
            "[[printers]]\nname = \"i\"\nkind = \"ipp\"",  // no uri
            "[[printers]]\nname = \"f\"\nkind = \"file\"",  // no directory
            "[[printers]]\nname = \"l\"\nkind = \"lpd\"\nhost = \"h\"",  // unknown kind
            "[[printers]]\nname = \"z\"\nkind = \"zpl\"\nhost = \"h\"\nport = 70000",
            "[[printers]]\nname = \"z\"\nkind = \"zpl\"\nhost = \"h\"\ndpi = 150",
        ] {
            #expect(throws: DaemonError.self, "\(broken)") { try Self.configuration(broken) }
        }
    }

    @Test(.timeLimit(.minutes(2)), .enabled(if: IPPEveHarness.isAvailable))
    func printsToAnIPPPrinterThroughTheGateAndReportsItsState() async throws {
        let harness = try IPPEveHarness()
        defer { harness.stop() }
        let fixture = try await DaemonFixture(
            extra: """

                [[printers]]
                name = "ipp-1"
                kind = "ipp"
                uri = "\(harness.uri)"
                dpi = 300

                [[stations]]
                id = "print-ipp"
                role = "printStation"
                printer = "ipp-1"
                """)
        let daemon = try await RunningDaemon(fixture)
        // The printer was asked for its state before the daemon reported ready.
        let first = daemon.built.core.devices.device(kind: "printer", id: "ipp-1")
        #expect(first?.state == "ready", "\(String(describing: first))")
        #expect(first?.station == "print-ipp")
        let events = daemon.built.core.bus.subscribe()

        var body = fixture.printBody
        body["station"] = "print-ipp"
        let request = try JSONSerialization.data(withJSONObject: body)
        let socket = daemon.socket
        let token = DaemonFixture.tokens[.printStation]
        let print = { @Sendable () async throws -> DaemonConnection.Reply in
            try await onThread { try DaemonConnection(address: socket).request("POST", "/v1/print", token: token, json: request) }
        }
        let printed = try await print()
        #expect(printed.status == 200, "\(String(decoding: printed.body, as: UTF8.self))")
        let labels = (try JSONSerialization.jsonObject(with: printed.body) as? [[String: Any]]) ?? []
        #expect(labels.first?["state"] as? String == "printed", "\(labels)")
        #expect((labels.first?["location"] as? String)?.hasPrefix(harness.uri) == true, "\(labels)")
        #expect(harness.receivedDocuments().count == 1)

        // Out of media: the job fails, nothing more arrives, and the printer's state changes on the stream.
        try harness.setMediaEmpty(true)
        let refused = try await print()
        let second = (try? JSONSerialization.jsonObject(with: refused.body) as? [[String: Any]]) ?? []
        #expect(second.first?["state"] as? String != "printed", "\(String(decoding: refused.body, as: UTF8.self))")
        #expect(harness.receivedDocuments().count == 1)
        #expect(daemon.built.core.devices.device(kind: "printer", id: "ipp-1")?.state == "failed")
        let change = Task { () -> DaemonEvent? in
            for await event in events where event.type == .printerState && event.device == "ipp-1" {
                if event.state == "failed" { return event }
            }
            return nil
        }
        let timeout = Task {
            try await Task.sleep(for: .seconds(20))
            change.cancel()
        }
        let event = await change.value
        timeout.cancel()
        #expect(event?.station == "print-ipp")
        try await daemon.stopAndWait()
    }
}
