#if canImport(Glibc)
    import Glibc
#endif
import Daemon
import Foundation
import Testing

/// Must show (issue 13): an IPP printer answering chunk size `-1` (and `7fffffffffffffff`) and a ZPL printer answering
/// negative `~HS` counts, both on loopback against the real labelgated: the daemon stays up, the printers show as
/// failed in /v1/devices, and no label is counted as printed (printing through the API to them). Printers that
/// stream without end are cut off at the read cap the same way.
@Suite("Hostile printers against the real labelgated", .serialized, .timeLimit(.minutes(4)))
struct HostilePrinterTests {
    /// `~HS` with a negative formats-in-buffer and a negative labels-remaining count (fields b…l as a Zebra sends).
    static let negativeHostStatus: [UInt8] = {
        func line(_ text: String) -> [UInt8] { [0x02] + Array(text.utf8) + [0x03, 0x0D, 0x0A] }
        return line("030,0,0,0812,-01,0,0,0,000,0,0,0") + line("000,0,0,0,1,2,6,0,-0000001,1,000") + line("1234,0")
    }()

    static func chunked(_ size: String) -> [UInt8] {
        Array(
            "HTTP/1.1 200 OK\r\nContent-Type: application/ipp\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\n\r\n0\r\n\r\n"
                .utf8)
    }

    struct Printer {
        let name: String
        let kind: String
        let fake: HostilePrinter

        var toml: String {
            let address =
                kind == "zpl"
                ? "host = \"127.0.0.1\"\nport = \(fake.port)" : "uri = \"ipp://127.0.0.1:\(fake.port)/ipp/print\""
            return """

                [[printers]]
                name = "\(name)"
                kind = "\(kind)"
                \(address)

                [[stations]]
                id = "station-\(name)"
                role = "printStation"
                printer = "\(name)"

                """
        }
    }

    @Test func negativeAndHugeCountsAndEndlessAnswersLeaveTheDaemonUpThePrintersFailedAndNoLabelPrinted() async throws {
        let printers = [
            Printer(
                name: "zpl-negative", kind: "zpl", fake: try HostilePrinter(answer: .bytes(Self.negativeHostStatus))),
            Printer(
                name: "zpl-endless", kind: "zpl", fake: try HostilePrinter(answer: .endless(head: [0x02], byte: 0x30))),
            Printer(name: "ipp-minus-one", kind: "ipp", fake: try HostilePrinter(answer: .bytes(Self.chunked("-1")))),
            Printer(
                name: "ipp-huge", kind: "ipp",
                fake: try HostilePrinter(answer: .bytes(Self.chunked("7fffffffffffffff")))),
            Printer(
                name: "ipp-endless", kind: "ipp",
                fake: try HostilePrinter(
                    answer: .endless(
                        head: Array(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/ipp\r\nContent-Length: 99999999\r\n\r\n".utf8),
                        byte: 0x41))),
        ]
        defer { for printer in printers { printer.fake.stop() } }
        let fixture = try await DaemonFixture()
        let toml =
            DaemonFixture.toml(dir: fixture.dir, ledger: fixture.configuration.daemon.ledger, tcpPort: nil)
            .replacingOccurrences(of: "usb = false", with: "usb = false\nprinter_poll_seconds = 1")
            + printers.map(\.toml).joined()
        let daemon = try await SpawnedDaemon(toml: toml, dir: fixture.dir, socket: fixture.configuration.daemon.socket)
        defer { _ = daemon.stop() }
        let token = DaemonFixture.tokens[.printStation]

        // The status polls (every second) have reached every printer at least once, some many times.
        try await Task.sleep(for: .seconds(3))
        for printer in printers {
            #expect(printer.fake.connectionCount >= 1, "\(printer.name) was never asked")
        }

        // Print to each: refused or failed, never printed; the printer got no label.
        for printer in printers {
            var body = fixture.printBody
            body["station"] = "station-\(printer.name)"
            let reply = try await daemon.request(
                "POST", "/v1/print", token: token, json: try JSONSerialization.data(withJSONObject: body))
            let text = String(decoding: reply.body, as: UTF8.self)
            let labels = (try? JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]]) ?? []
            #expect(reply.status != 200, "\(printer.name): \(text)")
            #expect(!labels.contains { $0["state"] as? String == "printed" }, "\(printer.name): \(text)")
            #expect(!printer.fake.receivedALabel, "\(printer.name) received a label")
            #expect(daemon.isRunning, "labelgated died at \(printer.name): \(daemon.logText)")
        }

        // Every hostile printer shows as failed; the daemon answers and still prints to a sane printer.
        let devices = try await daemon.request("GET", "/v1/devices", token: DaemonFixture.tokens[.kiosk])
        let listed = (try JSONSerialization.jsonObject(with: devices.body) as? [[String: Any]]) ?? []
        for printer in printers {
            let entry = listed.first { $0["kind"] as? String == "printer" && $0["id"] as? String == printer.name }
            #expect(entry?["state"] as? String == "failed", "\(printer.name): \(String(describing: entry))")
        }
        let spool = try await daemon.request(
            "POST", "/v1/print", token: token, json: try JSONSerialization.data(withJSONObject: fixture.printBody))
        #expect(spool.status == 200, "\(String(decoding: spool.body, as: UTF8.self))")
        // The metrics say the same: every hostile printer down.
        let metrics = try await daemon.request("GET", "/metrics", token: DaemonFixture.tokens[.admin])
        let exposition = String(decoding: metrics.body, as: UTF8.self)
        for printer in printers {
            #expect(exposition.contains("labelgate_printer_up{printer=\"\(printer.name)\"} 0"), "\(exposition)")
        }
        // The endless answers were cut off at the read cap: the daemon hung up after a few MiB at most (its cap
        // plus the loopback socket buffers), where an uncapped read would take gigabytes until its deadline.
        for printer in printers where printer.name.hasSuffix("endless") {
            let sent = printer.fake.mostBytesSentOnOneConnection
            #expect(sent > 0 && sent < 32 << 20, "\(printer.name): \(sent) bytes sent on one connection")
        }
        #expect(daemon.isRunning, "\(daemon.logText)")
        let status = try await onThread { daemon.stop() }
        #expect(status == 0, "\(daemon.logText)")
    }
}
