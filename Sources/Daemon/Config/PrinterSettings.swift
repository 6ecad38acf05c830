import Foundation
import Printing

extension DaemonConfiguration {
    /// A `[[printers]]` entry. `kind` is `file` (the spool printer: `directory`), `zpl` (a Zebra-style printer on
    /// raw TCP: `host`, `port` 9100, `window`) or `ipp` (`uri`, `raw_queue`); every kind has `dpi` (203, 300, 600).
    /// The entry is checked and turned into a backend by the printing module's `PrinterCatalog`, exactly as
    /// `labelgate print --printer` does with printers.json.
    public struct PrinterSettings: Sendable, Decodable {
        /// Printer name stations refer to.
        public var name: String
        /// Backend: `file`, `zpl` or `ipp`.
        public var kind: String
        /// Spool directory (`file`).
        public var directory: String?
        /// Resolution: 203, 300 or 600.
        public var dpi: Int
        /// Host and port (`zpl`; port 9100 by default).
        public var host: String?
        public var port: Int?
        /// Labels in the printer at once (`zpl`, default 2).
        public var window: Int?
        /// Printer URI (`ipp`), e.g. `ipp://10.1.2.4:631/ipp/print`.
        public var uri: String?
        /// True when the IPP queue is raw (completed means sent, not printed).
        public var rawQueue: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, kind, directory, dpi, host, port, window, uri
            case rawQueue = "raw_queue"
        }

        /// The keys each kind reads besides `name`, `kind` and `dpi`; any other is an error (a `uri` on a zpl
        /// printer would be silently unused).
        static let keysByKind: [String: Set<CodingKeys>] = [
            "file": [.directory], "zpl": [.host, .port, .window], "ipp": [.uri, .rawQueue],
        ]

        /// Decodes the entry; unknown keys, and keys its kind does not use, are errors.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self, table: "[[printers]]")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "file"
            if let used = Self.keysByKind[kind] {
                for key in c.allKeys where ![.name, .kind, .dpi].contains(key) && !used.contains(key) {
                    throw InvalidConfigurationValue(
                        description: "key \"\(key.stringValue)\" does not apply to a \(kind) printer "
                            + "(at \(Self.describe(decoder.codingPath)))")
                }
            }
            name = try c.decode(String.self, forKey: .name)
            self.kind = kind
            directory = try c.decodeIfPresent(String.self, forKey: .directory)
            dpi = try c.decodeIfPresent(Int.self, forKey: .dpi) ?? 203
            host = try c.decodeIfPresent(String.self, forKey: .host)
            port = try c.decodeIfPresent(Int.self, forKey: .port)
            window = try c.decodeIfPresent(Int.self, forKey: .window)
            uri = try c.decodeIfPresent(String.self, forKey: .uri)
            rawQueue = try c.decodeIfPresent(Bool.self, forKey: .rawQueue)
        }

        private static func describe(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }

        /// The same printer as a printers.json entry (`file` is the catalog's `spool` backend).
        public var catalogEntry: PrinterCatalog.Entry {
            var entry = PrinterCatalog.Entry(name: name, backend: kind == "file" ? "spool" : kind, dpi: dpi)
            entry.directory = directory
            entry.host = host
            entry.port = port
            entry.window = window
            entry.uri = uri
            entry.rawQueue = rawQueue
            return entry
        }
    }

    /// The printers as a checked `PrinterCatalog` (names unique, dpi, the keys each kind needs).
    public func printerCatalog() throws(DaemonError) -> PrinterCatalog {
        for printer in printers where !["file", "zpl", "ipp"].contains(printer.kind) {
            throw DaemonError(.configuration, "printer \(printer.name): kind must be file, zpl or ipp, not \(printer.kind)")
        }
        for printer in printers where printer.kind == "zpl" && !(1...65535).contains(printer.port ?? 9100) {
            throw DaemonError(.configuration, "printer \(printer.name): port must be 1…65535")
        }
        do {
            return try PrinterCatalog(entries: printers.map(\.catalogEntry))
        } catch {
            throw DaemonError(.configuration, error.reason)
        }
    }
}
