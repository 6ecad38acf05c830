import Gate

/// How to decode one device's reports.
public enum DecoderChoice: Hashable, Sendable {
    /// Keyboard-wedge boot reports.
    case keyboardWedge(WedgeSettings)
    /// HID POS reports in this layout.
    case hidPOS(HIDPOSLayout, HIDPOSSettings)

    /// A fresh decoder.
    public func makeDecoder() -> AnyScanDecoder {
        switch self {
        case .keyboardWedge(let settings): return .wedge(KeyboardWedgeDecoder(settings: settings))
        case .hidPOS(let layout, let settings): return .pos(HIDPOSDecoder(layout: layout, settings: settings))
        }
    }

    /// The length of one report, for sizing transfers.
    public var reportLength: Int {
        switch self {
        case .keyboardWedge: return 8
        case .hidPOS(let layout, _): return layout.reportLength
        }
    }
}

/// Either decoder, as one value type.
public enum AnyScanDecoder: ScanDecoder {
    /// A keyboard-wedge decoder.
    case wedge(KeyboardWedgeDecoder)
    /// A HID POS decoder.
    case pos(HIDPOSDecoder)

    /// Feeds one report.
    public mutating func decode(_ report: [UInt8], at time: ContinuousClock.Instant) -> [DecoderOutput] {
        switch self {
        case .wedge(var decoder):
            defer { self = .wedge(decoder) }
            return decoder.decode(report, at: time)
        case .pos(var decoder):
            defer { self = .pos(decoder) }
            return decoder.decode(report, at: time)
        }
    }

    /// Lets time pass.
    public mutating func tick(at time: ContinuousClock.Instant) -> [DecoderOutput] {
        switch self {
        case .wedge(var decoder):
            defer { self = .wedge(decoder) }
            return decoder.tick(at: time)
        case .pos(var decoder):
            defer { self = .pos(decoder) }
            return decoder.tick(at: time)
        }
    }

    /// Ends the report stream.
    public mutating func end(_ reason: ReportStreamEnd) -> [DecoderOutput] {
        switch self {
        case .wedge(var decoder):
            defer { self = .wedge(decoder) }
            return decoder.end(reason)
        case .pos(var decoder):
            defer { self = .pos(decoder) }
            return decoder.end(reason)
        }
    }
}

/// A device the dock will read: which interface, how to decode it, and for which station.
public struct ScannerProfile: Hashable, Sendable {
    /// The device.
    public var identity: USBDeviceIdentity
    /// The interface to claim.
    public var interfaceNumber: UInt8
    /// Its mode.
    public var mode: ScannerMode
    /// What the catalog calls it (`Newland: … in HID POS mode`), or why it is read without a catalog entry.
    public var model: String
    /// How to decode its reports.
    public var decoder: DecoderChoice
    /// The station its scans are accepted at.
    public var station: Station
    /// Problems that did not stop the device from being read (a shared serial number).
    public var warnings: [ScannerError]

    /// Creates a profile.
    public init(
        identity: USBDeviceIdentity, interfaceNumber: UInt8, mode: ScannerMode, model: String,
        decoder: DecoderChoice, station: Station, warnings: [ScannerError] = []
    ) {
        self.identity = identity
        self.interfaceNumber = interfaceNumber
        self.mode = mode
        self.model = model
        self.decoder = decoder
        self.station = station
        self.warnings = warnings
    }

    /// The device identifier used in events and in the audit trail's scan source.
    public var deviceID: String { identity.deviceID }
}
