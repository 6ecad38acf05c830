import Foundation
import Gate
import Logging

/// The configured printers, from a small JSON file (see `docs/printing.md`):
///
/// ```json
/// { "default": "spool",
///   "printers": [
///     { "name": "spool", "backend": "spool", "directory": "/var/spool/labelgate", "dpi": 203 },
///     { "name": "zebra-1", "backend": "zpl", "host": "10.1.2.3", "port": 9100, "dpi": 300, "window": 2 },
///     { "name": "office", "backend": "ipp", "uri": "ipp://10.1.2.4:631/ipp/print", "dpi": 600, "rawQueue": false } ] }
/// ```
public struct PrinterCatalog: Sendable {
    /// One printer's settings as the file states them.
    public struct Entry: Codable, Sendable, Equatable {
        /// Printer name (used with `--printer` and in the ledger).
        public var name: String
        /// `spool`, `zpl` or `ipp`.
        public var backend: String
        /// Resolution: 203, 300 or 600.
        public var dpi: Int
        /// Spool: directory.
        public var directory: String?
        /// ZPL: host and port (9100), labels in the printer at once.
        public var host: String?
        public var port: Int?
        public var window: Int?
        /// IPP: printer URI; true when it is a raw queue (completed = sent, not printed).
        public var uri: String?
        public var rawQueue: Bool?

        /// Creates an entry.
        public init(name: String, backend: String, dpi: Int = 203) {
            self.name = name
            self.backend = backend
            self.dpi = dpi
        }
    }

    private struct File: Codable {
        var `default`: String?
        var printers: [Entry]
    }

    /// The entries, in file order.
    public let entries: [Entry]
    /// The printer used without `--printer`.
    public let defaultName: String

    /// The embedded default: one spool printer.
    public static func spoolOnly(directory: String, dpi: Int = 203) -> PrinterCatalog {
        var entry = Entry(name: "spool", backend: "spool", dpi: dpi)
        entry.directory = directory
        return PrinterCatalog(entries: [entry], defaultName: "spool")
    }

    /// Creates a catalog from entries (validated).
    public init(entries: [Entry], defaultName: String? = nil) throws(PrintingError) {
        var names = Set<String>()
        for entry in entries {
            guard !entry.name.isEmpty, names.insert(entry.name).inserted else {
                throw PrintingError(.printer, "printer names must be unique and non-empty: \(entry.name)")
            }
            guard [203, 300, 600].contains(entry.dpi) else {
                throw PrintingError(.printer, "printer \(entry.name): dpi must be 203, 300 or 600")
            }
            switch entry.backend {
            case "spool" where entry.directory != nil: break
            case "zpl" where entry.host != nil: break
            case "ipp" where entry.uri != nil: break
            default:
                throw PrintingError(
                    .printer, "printer \(entry.name): backend spool needs directory, zpl needs host, ipp needs uri")
            }
        }
        guard let first = entries.first else { throw PrintingError(.printer, "no printers configured") }
        let chosen = defaultName ?? first.name
        guard names.contains(chosen) else { throw PrintingError(.printer, "default printer \(chosen) is not configured") }
        self.entries = entries
        self.defaultName = chosen
    }

    private init(entries: [Entry], defaultName: String) {
        self.entries = entries
        self.defaultName = defaultName
    }

    /// Loads the JSON file at `url`.
    public init(contentsOf url: URL) throws(PrintingError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        } catch {
            throw PrintingError(.printer, "printer file \(url.path) cannot be read: \(error)")
        }
        try self.init(entries: file.printers, defaultName: file.default)
    }

    /// The entry named `name` (the default when nil).
    public func entry(_ name: String?) throws(PrintingError) -> Entry {
        let wanted = name ?? defaultName
        guard let entry = entries.first(where: { $0.name == wanted }) else {
            throw PrintingError(.printer, "no printer named \(wanted)")
        }
        return entry
    }

    /// The backend for an entry.
    public func printer(_ entry: Entry, logger: Logger) -> any LabelPrinting {
        switch entry.backend {
        case "zpl":
            return ZPLPrinter(
                name: entry.name,
                configuration: .init(host: entry.host ?? "127.0.0.1", port: entry.port ?? 9100, window: entry.window ?? 2),
                logger: logger)
        case "ipp":
            return IPPPrinter(
                name: entry.name, configuration: .init(uri: entry.uri ?? "", rawQueue: entry.rawQueue ?? false),
                logger: logger)
        default:
            return FileSpoolPrinter(
                name: entry.name, directory: URL(fileURLWithPath: entry.directory ?? "./spool"), logger: logger)
        }
    }

    /// Every configured backend (for restart recovery and `labelgate printers`).
    public func printers(logger: Logger) -> [any LabelPrinting] { entries.map { printer($0, logger: logger) } }
}
