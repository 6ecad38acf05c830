import Daemon
import Foundation
import Gate
import Hummingbird
import LabelgateCore
import Ledger
import LedgerConformance
import Logging

/// A daemon configuration over a fresh ledger with the sample record: one print station (file printer), one dock,
/// one bedside; one token per role; two operators.
struct DaemonFixture {
    static let tokens: [APIRole: String] = [
        .admin: "token-admin", .printStation: "token-print", .dock: "token-dock", .kiosk: "token-kiosk",
    ]
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let alice = SignatureInput(badge: "B1", pin: "1111")
    static let bob = SignatureInput(badge: "B2", pin: "2222")

    let dir: URL
    let configuration: DaemonConfiguration
    let ledger: SQLiteLedger
    let record: COIRecord

    /// `usb` reads scanners (libusb or a test transport); `scanners` are TOML inline tables binding scanners to
    /// `dock-1` (e.g. `{ vendor = "05f9", product = "2206" }`) and `bed-1`.
    /// `readers` binds NFC reader connstrings to `print-1` and `dock-1`; `directory` holds the ledger, socket and
    /// spool (default: a new temporary directory). `daemonSettings` are more `[daemon]` keys.
    init(
        tcpPort: Int? = nil, extra: String = "", usb: Bool = false, scanners: (dock: [String], bed: [String]) = ([], []),
        readers: (print: [String], dock: [String]) = ([], []), directory: URL? = nil, daemonSettings: String = ""
    ) async throws {
        dir = directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("lgd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ledgerPath = dir.appendingPathComponent("ledger.sqlite").path
        ledger = try SQLiteLedger(path: ledgerPath, logger: Self.logger)
        record = try SampleRecords.record()
        try await ledger.addRecord(record, by: Actor(.operator, "clerk"))
        let toml = Self.toml(
            dir: dir, ledger: ledgerPath, tcpPort: tcpPort, usb: usb, scanners: scanners, readers: readers,
            daemonSettings: daemonSettings) + extra
        configuration = try DaemonConfiguration(toml: toml)
    }

    static func toml(
        dir: URL, ledger: String, tcpPort: Int?, usb: Bool = false, scanners: (dock: [String], bed: [String]) = ([], []),
        readers: (print: [String], dock: [String]) = ([], []), daemonSettings: String = ""
    ) -> String {
        func list(_ items: [String]) -> String { items.map { "\"\($0)\"" }.joined(separator: ", ") }
        let tokens = Self.tokens.map { role, token in
            "[[tokens]]\nname = \"\(role.rawValue)-client\"\nrole = \"\(role.rawValue)\"\nsha256 = \"\(TokenStore.digest(of: token))\"\n"
        }.joined(separator: "\n")
        return """
            [daemon]
            ledger = "\(ledger)"
            socket = "\(dir.path)/api.sock"
            \(tcpPort.map { "tcp = \"127.0.0.1:\($0)\"" } ?? "")
            templates = "\(repositoryRoot.appendingPathComponent("templates").path)"
            max_body_bytes = 4096
            event_buffer = 8
            usb = \(usb)
            \(readers.print.isEmpty ? "" : "printer_poll_seconds = 1")
            \(daemonSettings)

            [[printers]]
            name = "spool"
            kind = "file"
            directory = "\(dir.path)/spool"

            [[stations]]
            id = "print-1"
            role = "printStation"
            printer = "spool"
            readers = [\(list(readers.print))]

            [[stations]]
            id = "dock-1"
            role = "receivingDock"
            title = "Receiving dock"
            scanners = [\(scanners.dock.joined(separator: ", "))]
            readers = [\(list(readers.dock))]

            [[stations]]
            id = "bed-1"
            role = "bedside"
            scanners = [\(scanners.bed.joined(separator: ", "))]

            \(tokens)

            [[operators]]
            badge = "B1"
            name = "Alice Example"
            pin_hash = "\(OperatorCredential.hashPIN("1111"))"

            [[operators]]
            badge = "B2"
            name = "Bob Example"
            pin_hash = "\(OperatorCredential.hashPIN("2222"))"

            """
    }

    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }

    /// The core over this fixture's ledger, prepared as the ledger service prepares it (step state restored,
    /// gateway held, interrupted prints recovered), so its API decides.
    func core() async throws -> DaemonCore {
        let core = try DaemonCore(configuration: configuration, store: ledger, logger: Self.logger)
        try await core.prepareForRequests()
        return core
    }

    /// An in-process application over the router (HummingbirdTesting).
    func application(core: DaemonCore) -> some ApplicationProtocol {
        Application(router: DaemonAPI(core: core).router(), logger: Self.logger)
    }

    static func bearer(_ role: APIRole?) -> HTTPFields {
        var headers = HTTPFields()
        if let role, let token = tokens[role] { headers[.authorization] = "Bearer \(token)" }
        return headers
    }

    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    /// The record's fingerprint, as a print request must carry it.
    var fingerprint: String { (try? RecordFingerprint.compute(for: record).text) ?? "" }

    /// A print body for the sample record.
    var printBody: [String: Any] {
        ["station": "print-1", "record": record.coi.content, "fingerprint": fingerprint, "flags": "01"]
    }
}

extension ByteBuffer {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(readableBytesView)) as? [String: Any]) ?? [:]
    }

    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(readableBytesView)) as? [[String: Any]]) ?? []
    }
}
