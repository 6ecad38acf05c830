import Foundation
import Gate
import LabelgateCore
import Ledger
import TOMLKit

/// The daemon's configuration, read from `/etc/labelgate/labelgate.toml` (see `systemd/labelgate.toml.example`).
public struct DaemonConfiguration: Sendable, Decodable {
    /// Where the ledger, the API socket and the templates are.
    public var daemon: Settings
    /// The `[ledger]` table: a shared PostgreSQL ledger instead of the SQLite file.
    public var ledger: LedgerSettings
    /// Printers by name.
    public var printers: [PrinterSettings]
    /// Stations, each bound to its scanners and printer.
    public var stations: [StationSettings]
    /// API tokens (hashed) and the role each grants.
    public var tokens: [TokenSettings]
    /// Operators who may sign critical steps.
    public var operators: [OperatorCredential]

    /// The `[daemon]` table.
    public struct Settings: Sendable, Decodable {
        /// SQLite ledger file.
        public var ledger: String
        /// Unix socket path of the API.
        public var socket: String
        /// Group that owns the socket (mode 0660); empty keeps the daemon's group.
        public var socketGroup: String
        /// Optional TCP listener, `host:port`.
        public var tcp: String?
        /// Label template directory.
        public var templates: String
        /// Largest request body accepted, in bytes.
        public var maxBodyBytes: Int
        /// Events buffered per event-stream client before it is dropped.
        public var eventBuffer: Int
        /// Whether to read USB scanners (libusb); off for tests and machines without USB.
        public var usb: Bool
        /// Seconds an idle connection stays open.
        public var idleTimeoutSeconds: Int
        /// Seconds between printer state checks (`~HS`, IPP printer-state-reasons); changes become events.
        public var printerPollSeconds: Int
        /// Most API connections open at once (Unix socket and TCP together); one more is closed at once and counted
        /// (`labelgate_api_connections_refused_total`), the open ones are not disturbed.
        public var maxConnections: Int
        /// Seconds between two heartbeats (an SSE comment) on an event stream with nothing else to send.
        public var eventHeartbeatSeconds: Int
        /// Seconds a connection may stay unable to take more bytes (a client that stopped reading, its buffers full)
        /// before it is closed and its event subscription freed.
        public var stalledWriteSeconds: Int

        /// This gateway's identity on the ledger (print jobs are fenced to it); nil: the machine ID and the ledger's
        /// location (`GatewayIdentity`).
        public var gateway: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case ledger, socket, tcp, templates, usb, gateway
            case socketGroup = "socket_group"
            case maxBodyBytes = "max_body_bytes"
            case eventBuffer = "event_buffer"
            case idleTimeoutSeconds = "idle_timeout_seconds"
            case printerPollSeconds = "printer_poll_seconds"
            case maxConnections = "max_connections"
            case eventHeartbeatSeconds = "event_heartbeat_seconds"
            case stalledWriteSeconds = "stalled_write_seconds"
        }

        /// Decodes the table; everything but the ledger and socket has a default. Unknown keys are errors.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, table: "[daemon]")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            ledger = try c.decode(String.self, forKey: .ledger)
            socket = try c.decode(String.self, forKey: .socket)
            socketGroup = try c.decodeIfPresent(String.self, forKey: .socketGroup) ?? ""
            tcp = try c.decodeIfPresent(String.self, forKey: .tcp)
            templates = try c.decodeIfPresent(String.self, forKey: .templates) ?? "/usr/share/labelgate/templates"
            maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? 64 * 1024
            eventBuffer = try c.decodeIfPresent(Int.self, forKey: .eventBuffer) ?? 256
            usb = try c.decodeIfPresent(Bool.self, forKey: .usb) ?? true
            idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? 60
            printerPollSeconds = try c.decodeIfPresent(Int.self, forKey: .printerPollSeconds) ?? 30
            maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections) ?? 256
            eventHeartbeatSeconds = try c.decodeIfPresent(Int.self, forKey: .eventHeartbeatSeconds) ?? 15
            stalledWriteSeconds = try c.decodeIfPresent(Int.self, forKey: .stalledWriteSeconds) ?? 10
            gateway = try c.decodeIfPresent(String.self, forKey: .gateway)
        }
    }

    /// The `[ledger]` table. Without a `url`, the ledger is the SQLite file named by `[daemon] ledger`.
    public struct LedgerSettings: Sendable, Decodable {
        /// A PostgreSQL ledger shared by several gateways:
        /// `postgres://user:password@host:port/db?sslmode=verify-full&sslrootcert=/etc/labelgate/ca.pem&schema=labelgate`
        /// (TLS through `sslmode` and `sslrootcert`; see docs/ledger.md).
        public var url: String?

        /// No `[ledger]` table: the SQLite file.
        public init(url: String? = nil) { self.url = url }

        enum CodingKeys: String, CodingKey, CaseIterable { case url }

        /// Decodes the table; unknown keys are errors.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, table: "[ledger]")
            url = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .url)
        }
    }

    /// A `[[stations]]` entry.
    public struct StationSettings: Sendable, Decodable {
        /// Station ID (audit trail).
        public var id: String
        /// `printStation`, `receivingDock` or `bedside`.
        public var role: Station.Role
        /// Human title for the kiosk page.
        public var title: String
        /// Printer name (print stations).
        public var printer: String?
        /// Scanners bound to the station (USB IDs as hex strings, optional port or serial).
        public var scanners: [ScannerSettings]
        /// NFC readers bound to the station (libnfc connstrings). At a dock or bedside a tag placed on one is decided
        /// by the gate; at a print station the reader writes the tag of templates that carry one.
        public var readers: [String]

        enum CodingKeys: String, CodingKey, CaseIterable { case id, role, title, printer, scanners, readers }

        /// Decodes the entry; unknown keys are errors.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, table: "[[stations]]")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            role = try c.decode(Station.Role.self, forKey: .role)
            title = try c.decodeIfPresent(String.self, forKey: .title) ?? id
            printer = try c.decodeIfPresent(String.self, forKey: .printer)
            scanners = try c.decodeIfPresent([ScannerSettings].self, forKey: .scanners) ?? []
            readers = try c.decodeIfPresent([String].self, forKey: .readers) ?? []
        }

        /// The gate's station.
        public var station: Station { Station(id: id, role: role) }
    }

    /// A scanner binding inside a station.
    public struct ScannerSettings: Sendable, Decodable {
        /// Vendor ID, hex.
        public var vendor: String?
        /// Product ID, hex.
        public var product: String?
        /// USB port path (`1-4`).
        public var port: String?
        /// Serial number.
        public var serial: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case vendor, product, port, serial }

        /// Decodes the entry; unknown keys are errors, and so are IDs that are not four hexadecimal digits (a
        /// vendor `0x05f9` must not become "any vendor").
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, table: "a scanner of [[stations]]")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            vendor = try c.decodeIfPresent(String.self, forKey: .vendor)
            product = try c.decodeIfPresent(String.self, forKey: .product)
            port = try c.decodeIfPresent(String.self, forKey: .port)
            serial = try c.decodeIfPresent(String.self, forKey: .serial)
        }

        /// Creates an entry (tests).
        public init(vendor: String? = nil, product: String? = nil, port: String? = nil, serial: String? = nil) {
            self.vendor = vendor
            self.product = product
            self.port = port
            self.serial = serial
        }

        /// The vendor ID, once `check` passed.
        public var vendorID: UInt16? { vendor.flatMap(Self.usbID) }
        /// The product ID, once `check` passed.
        public var productID: UInt16? { product.flatMap(Self.usbID) }

        /// A USB ID as written in the configuration: exactly four hexadecimal digits (`05f9`).
        static func usbID(_ text: String) -> UInt16? {
            guard text.utf8.count == 4, text.utf8.allSatisfy({ Self.isHexDigit($0) }) else { return nil }
            return UInt16(text, radix: 16)
        }

        private static func isHexDigit(_ byte: UInt8) -> Bool {
            (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
        }

        /// A port path as sysfs names it: bus, `-`, then port numbers separated by `.` (`1-4`, `1-4.2`).
        static func isPortPath(_ text: String) -> Bool {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard text.utf8.count <= 32, parts.count == 2 else { return false }
            let numbers = [parts[0]] + parts[1].split(separator: ".", omittingEmptySubsequences: false)
            return numbers.allSatisfy { number in
                !number.isEmpty && number.utf8.count <= 3 && number.utf8.allSatisfy { (48...57).contains($0) }
            }
        }

        /// Checks every value; `station` names the entry in the error.
        func check(station: String) throws(DaemonError) {
            let name = "station \(station): scanner \(describe)"
            if let vendor, Self.usbID(vendor) == nil {
                throw DaemonError(
                    .configuration, "\(name): vendor must be four hexadecimal digits (05f9), not \"\(vendor)\"")
            }
            if let product, Self.usbID(product) == nil {
                throw DaemonError(
                    .configuration, "\(name): product must be four hexadecimal digits (2206), not \"\(product)\"")
            }
            if let port, !Self.isPortPath(port) {
                throw DaemonError(
                    .configuration, "\(name): port must be a USB port path such as 1-4 or 1-4.2, not \"\(port)\"")
            }
            if let serial, serial.isEmpty || serial.utf8.count > 126 {
                throw DaemonError(.configuration, "\(name): serial must be 1 to 126 bytes")
            }
            guard vendor != nil || product != nil || port != nil || serial != nil else {
                throw DaemonError(
                    .configuration, "station \(station): a scanner entry must name a vendor, product, port or serial")
            }
        }

        /// The entry as written, for errors.
        var describe: String {
            let parts = [("vendor", vendor), ("product", product), ("port", port), ("serial", serial)]
                .compactMap { key, value in value.map { "\(key) = \"\($0)\"" } }
            return "{ " + parts.joined(separator: ", ") + " }"
        }
    }

    /// A `[[tokens]]` entry: the SHA-256 of the bearer token, never the token itself.
    public struct TokenSettings: Sendable, Decodable {
        /// Who holds the token (logs, audit trail).
        public var name: String
        /// The role it grants.
        public var role: APIRole
        /// Lower-case hex SHA-256 of the token.
        public var sha256: String

        enum CodingKeys: String, CodingKey, CaseIterable { case name, role, sha256 }

        /// Decodes the entry; unknown keys are errors.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, table: "[[tokens]]")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            role = try c.decode(APIRole.self, forKey: .role)
            sha256 = try c.decode(String.self, forKey: .sha256)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case daemon, ledger, printers, stations, tokens, operators }

    /// Decodes the whole file; unknown tables and keys are errors.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, table: "labelgate.toml (top level)")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        daemon = try c.decode(Settings.self, forKey: .daemon)
        ledger = try c.decodeIfPresent(LedgerSettings.self, forKey: .ledger) ?? LedgerSettings()
        printers = try c.decodeIfPresent([PrinterSettings].self, forKey: .printers) ?? []
        stations = try c.decodeIfPresent([StationSettings].self, forKey: .stations) ?? []
        tokens = try c.decodeIfPresent([TokenSettings].self, forKey: .tokens) ?? []
        operators = try c.decodeIfPresent([OperatorTOML].self, forKey: .operators)?.map(\.credential) ?? []
    }

    /// The longest configuration text read (a real one is a few KiB).
    public static let maximumTOMLBytes = TOMLTextCheck.maximumBytes

    /// Parses and checks a TOML document.
    public init(toml: String) throws(DaemonError) {
        // What toml++ (inside TOMLKit) would trap on, or silently cut, is refused first (see TOMLTextCheck).
        try TOMLTextCheck.check(toml)
        do {
            self = try TOMLDecoder().decode(DaemonConfiguration.self, from: toml)
        } catch {
            throw DaemonError(.configuration, "the configuration is not valid: \(error)")
        }
        try validate()
    }

    /// Reads and checks the file at `path`.
    public init(path: String) throws(DaemonError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DaemonError(.configuration, "cannot read \(path): \(error.localizedDescription)")
        }
        try self.init(toml: text)
    }

    /// The station with this ID.
    public func station(_ id: String) -> StationSettings? { stations.first { $0.id == id } }

    /// Checks references between tables.
    func validate() throws(DaemonError) {
        var seen = Set<String>()
        for station in stations {
            guard seen.insert(station.id).inserted else {
                throw DaemonError(.configuration, "station \(station.id) is defined twice")
            }
            guard station.role != .verification else {
                throw DaemonError(.configuration, "station \(station.id): role must be printStation, receivingDock or bedside")
            }
            if let printer = station.printer, !printers.contains(where: { $0.name == printer }) {
                throw DaemonError(.configuration, "station \(station.id) names unknown printer \(printer)")
            }
            guard !station.id.isEmpty else { throw DaemonError(.configuration, "a station has an empty id") }
            for scanner in station.scanners { try scanner.check(station: station.id) }
        }
        try checkScannerBindingsUnique()
        if !printers.isEmpty { _ = try printerCatalog() }
        var readers = Set<String>()
        for station in stations {
            for reader in station.readers where !readers.insert(reader).inserted || reader.isEmpty {
                throw DaemonError(.configuration, "reader \(reader) is empty or bound to two stations")
            }
        }
        for token in tokens where token.sha256.count != 64 || HexDigest.bytes(token.sha256) == nil {
            throw DaemonError(.configuration, "token \(token.name): sha256 must be 64 hex digits")
        }
        try checkValues()
        guard (1...16 * 1024 * 1024).contains(daemon.maxBodyBytes), (1...100_000).contains(daemon.eventBuffer) else {
            throw DaemonError(.configuration, "max_body_bytes or event_buffer out of range")
        }
        guard (1...3600).contains(daemon.printerPollSeconds) else {
            throw DaemonError(.configuration, "printer_poll_seconds must be between 1 and 3600")
        }
        guard (1...86_400).contains(daemon.idleTimeoutSeconds) else {
            throw DaemonError(.configuration, "idle_timeout_seconds must be between 1 and 86400")
        }
        guard (1...16_384).contains(daemon.maxConnections) else {
            throw DaemonError(.configuration, "max_connections must be between 1 and 16384")
        }
        guard (1...3600).contains(daemon.eventHeartbeatSeconds), (1...3600).contains(daemon.stalledWriteSeconds) else {
            throw DaemonError(
                .configuration, "event_heartbeat_seconds and stalled_write_seconds must be between 1 and 3600")
        }
        if let gateway = daemon.gateway, !PrintFence.isAcceptable(gateway) {
            throw DaemonError(.configuration, "gateway must be 1 to 200 printable ASCII characters without spaces")
        }
    }

    /// Values that were read without complaint before and meant something else than written (a clamped window, a
    /// PIN hash no PIN can match, one token digest for two roles, a TCP port out of range, a socket path too long).
    private func checkValues() throws(DaemonError) {
        for printer in printers where printer.kind == "zpl" {
            if let window = printer.window, !(1...3).contains(window) {
                throw DaemonError(.configuration, "printer \(printer.name): window must be 1, 2 or 3, not \(window)")
            }
        }
        var digests = Set<String>()
        for token in tokens where !digests.insert(token.sha256.lowercased()).inserted {
            throw DaemonError(.configuration, "token \(token.name): the same sha256 is listed twice")
        }
        var badges = Set<String>()
        for credential in operators {
            guard !credential.badge.isEmpty, badges.insert(credential.badge).inserted else {
                throw DaemonError(.configuration, "operator badge \"\(credential.badge)\" is empty or listed twice")
            }
            let parts = credential.pinHash.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "sha256", parts[1].count == 32, parts[2].count == 64,
                HexDigest.bytes(String(parts[1])) != nil, HexDigest.bytes(String(parts[2])) != nil
            else {
                throw DaemonError(
                    .configuration,
                    "operator \(credential.badge): pin_hash must be sha256:<32 hex>:<64 hex> (labelgated hash-pin)")
            }
        }
        if let tcp = daemon.tcp {
            let parts = tcp.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].utf8.allSatisfy({ (48...57).contains($0) }),
                let port = Int(parts[1]), (1...65535).contains(port)
            else {
                throw DaemonError(.configuration, "tcp must be host:port with a port 1…65535, not \(tcp)")
            }
        }
        // sockaddr_un holds 108 bytes with the terminating zero.
        guard !daemon.socket.isEmpty, daemon.socket.utf8.count <= 107 else {
            throw DaemonError(.configuration, "socket must be a path of 1 to 107 bytes")
        }
    }

    /// Two stations must not claim a scanner by the very same criteria: which one decides would be a guess.
    private func checkScannerBindingsUnique() throws(DaemonError) {
        var claimed: [String: String] = [:]
        for station in stations {
            for scanner in station.scanners {
                let criteria = [
                    scanner.vendorID.map(String.init), scanner.productID.map(String.init), scanner.port, scanner.serial,
                ]
                let key = criteria.map { $0 ?? "*" }.joined(separator: "|")
                if let other = claimed[key], other != station.id {
                    throw DaemonError(
                        .configuration,
                        "scanner \(scanner.describe) is bound to both station \(other) and \(station.id)")
                }
                claimed[key] = station.id
            }
        }
    }
}

/// `[[operators]]` as written in TOML.
struct OperatorTOML: Decodable {
    var badge: String
    var name: String
    var pinHash: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case badge, name
        case pinHash = "pin_hash"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, table: "[[operators]]")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        badge = try c.decode(String.self, forKey: .badge)
        name = try c.decode(String.self, forKey: .name)
        pinHash = try c.decode(String.self, forKey: .pinHash)
    }

    var credential: OperatorCredential { OperatorCredential(badge: badge, name: name, pinHash: pinHash) }
}
