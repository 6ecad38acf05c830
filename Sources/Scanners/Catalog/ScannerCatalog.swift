import Foundation

/// The scanners labelgate reads: a table of `ScannerCatalogEntry`, the single source of the matching rules and of
/// the udev rules (`labelgate udev-rules`). Adding a scanner is one entry plus one `fixtures/usb` folder.
public struct ScannerCatalog: Hashable, Sendable, Codable {
    /// The entries, most specific first (a site's own entries come before the built-in ones).
    public var entries: [ScannerCatalogEntry]

    /// Creates a catalog.
    public init(entries: [ScannerCatalogEntry]) {
        self.entries = entries
    }

    /// Reads a catalog from JSON (`{"entries": [...]}`).
    public init(json: Data) throws(ScannerError) {
        do {
            self = try JSONDecoder().decode(ScannerCatalog.self, from: json)
        } catch {
            throw ScannerError(.configuration, "the scanner catalog is not valid: \(error)")
        }
    }

    /// The entry for `vendorID` in `mode`, if any.
    public func entry(vendorID: UInt16, mode: ScannerMode) -> ScannerCatalogEntry? {
        entries.first { $0.vendorID == vendorID && $0.mode == mode }
    }

    /// Whether any entry names `vendorID`.
    public func knows(vendorID: UInt16) -> Bool {
        entries.contains { $0.vendorID == vendorID }
    }

    /// This catalog with `site` entries taking precedence.
    public func adding(_ site: [ScannerCatalogEntry]) -> ScannerCatalog {
        ScannerCatalog(entries: site + entries)
    }
}
