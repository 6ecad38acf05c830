/// Raw input from a device or a person: the bytes read, and the AIM identifier if the reader sent one separately.
public struct Scan: Hashable, Sendable {
    /// AIM symbology identifier reported by the reader (HID POS reports it apart from the data), if any.
    public var aimIdentifier: String?
    /// The exact bytes read. They may still begin with an inline `]xx` AIM identifier.
    public var bytes: [UInt8]
    /// Where the scan came from.
    public var source: ScanSource

    /// Creates a scan.
    public init(bytes: [UInt8], aimIdentifier: String? = nil, source: ScanSource = .manualEntry) {
        self.bytes = bytes
        self.aimIdentifier = aimIdentifier
        self.source = source
    }

    /// Creates a scan from text.
    public init(text: String, aimIdentifier: String? = nil, source: ScanSource = .manualEntry) {
        self.init(bytes: Array(text.utf8), aimIdentifier: aimIdentifier, source: source)
    }
}

/// The kind of input device behind a scan.
public enum ScanSource: Hashable, Sendable {
    /// Typed or pasted by a person (the CLI, a kiosk field).
    case manualEntry
    /// A barcode scanner, named by its device identifier.
    case barcodeScanner(deviceID: String)
    /// An NFC tag, with its UID as read by the reader.
    case nfcTag(uid: [UInt8])

    /// A short label for the audit trail (`manual`, `scanner:<id>`, `nfc:<uid hex>`).
    public var auditLabel: String {
        switch self {
        case .manualEntry: return "manual"
        case .barcodeScanner(let id): return "scanner:\(id)"
        case .nfcTag(let uid): return "nfc:" + uid.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        }
    }
}
