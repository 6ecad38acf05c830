import Foundation
import Gate
import LabelgateCore
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

        enum CodingKeys: String, CodingKey {
            case ledger, socket, tcp, templates, usb
            case socketGroup = "socket_group"
            case maxBodyBytes = "max_body_bytes"
            case eventBuffer = "event_buffer"
            case idleTimeoutSeconds = "idle_timeout_seconds"
            case printerPollSeconds = "printer_poll_seconds"
        }

        /// Decodes the table; everything but the ledger and socket has a default.
        public init(from decoder: any Decoder) throws {
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

        enum CodingKeys: String, CodingKey { case id, role, title, printer, scanners, readers }

        /// Decodes the entry.
        public init(from decoder: any Decoder) throws {
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
    }

    /// A `[[tokens]]` entry: the SHA-256 of the bearer token, never the token itself.
    public struct TokenSettings: Sendable, Decodable {
        /// Who holds the token (logs, audit trail).
        public var name: String
        /// The role it grants.
        public var role: APIRole
        /// Lower-case hex SHA-256 of the token.
        public var sha256: String
    }

    enum CodingKeys: String, CodingKey { case daemon, ledger, printers, stations, tokens, operators }

    /// Decodes the whole file.
    public init(from decoder: any Decoder) throws {
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
        }
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
        guard (1...16 * 1024 * 1024).contains(daemon.maxBodyBytes), (1...100_000).contains(daemon.eventBuffer) else {
            throw DaemonError(.configuration, "max_body_bytes or event_buffer out of range")
        }
        guard (1...3600).contains(daemon.printerPollSeconds) else {
            throw DaemonError(.configuration, "printer_poll_seconds must be between 1 and 3600")
        }
    }
}

/// `[[operators]]` as written in TOML.
struct OperatorTOML: Decodable {
    var badge: String
    var name: String
    var pinHash: String

    enum CodingKeys: String, CodingKey {
        case badge, name
        case pinHash = "pin_hash"
    }

    var credential: OperatorCredential { OperatorCredential(badge: badge, name: name, pinHash: pinHash) }
}
