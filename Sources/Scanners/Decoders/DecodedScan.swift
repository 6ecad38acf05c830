import LabelgateCore

/// One complete scan as a decoder delivers it: the AIM identifier, if the scanner sent one apart from the data,
/// and the exact data bytes (GS preserved).
public struct DecodedScan: Hashable, Sendable {
    /// AIM identifier reported apart from the data (HID POS), or nil (the data may still start with `]xx`).
    public var aimIdentifier: String?
    /// The exact bytes.
    public var bytes: [UInt8]
    /// The vendor's one-byte symbology code (Honeywell Code ID, Newland code), if the layout carries one.
    public var vendorSymbology: UInt8?

    /// Creates a decoded scan.
    public init(aimIdentifier: String? = nil, bytes: [UInt8], vendorSymbology: UInt8? = nil) {
        self.aimIdentifier = aimIdentifier
        self.bytes = bytes
        self.vendorSymbology = vendorSymbology
    }

    /// The scan for the gate, naming the device it came from.
    public func scan(deviceID: String) -> Scan {
        Scan(bytes: bytes, aimIdentifier: aimIdentifier, source: .barcodeScanner(deviceID: deviceID))
    }
}

/// What a decoder produces from reports: a complete scan, or an error that discarded one.
public enum DecoderOutput: Hashable, Sendable {
    /// A complete scan.
    case scan(DecodedScan)
    /// Something went wrong; whatever was arriving was discarded (never delivered in part).
    case error(ScannerError)
}

/// Why a device's reports stop.
public enum ReportStreamEnd: Hashable, Sendable {
    /// The device was unplugged (or stopped answering).
    case unplugged
    /// The dock is shutting down.
    case shutdown
}

/// Turns one device's input reports into scans. Decoders are pure values: no I/O, no clock of their own.
public protocol ScanDecoder: Sendable {
    /// Feeds one report received at `time`.
    mutating func decode(_ report: [UInt8], at time: ContinuousClock.Instant) -> [DecoderOutput]
    /// Lets time pass: ends scans whose idle gap or continuation timeout has elapsed.
    mutating func tick(at time: ContinuousClock.Instant) -> [DecoderOutput]
    /// The reports stop: anything half-received is reported as an error, never as a scan.
    mutating func end(_ reason: ReportStreamEnd) -> [DecoderOutput]
}
