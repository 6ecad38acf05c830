/// Decodes HID POS (usage page 0x8C) scanned-data reports: one scan may span several reports, joined while the
/// Decode Data Continued bit is set. The AIM identifier comes from the Symbology Identifier bytes when the layout
/// has them (Honeywell), else from the data itself (Newland scanners prefix it when programmed to).
///
/// A fault (a report of the wrong length, a byte count larger than the report, a different symbology mid-scan, a
/// scan over the length limit) poisons the scan in progress until its last report: it ends as one error.
public struct HIDPOSDecoder: ScanDecoder {
    /// The byte layout in use.
    public let layout: HIDPOSLayout
    /// The settings in use.
    public let settings: HIDPOSSettings
    private var buffer: [UInt8] = []
    private var aim: [UInt8]?
    private var symbology: UInt8?
    private var fault: ScannerError?
    private var receiving = false
    private var lastReport: ContinuousClock.Instant?

    /// Creates a decoder.
    public init(layout: HIDPOSLayout, settings: HIDPOSSettings = HIDPOSSettings()) {
        self.layout = layout
        self.settings = settings
    }

    /// Feeds one report.
    public mutating func decode(_ report: [UInt8], at time: ContinuousClock.Instant) -> [DecoderOutput] {
        var out = tick(at: time)
        lastReport = time
        // An empty read, or another report of the device (a vendor collection's answer), is not scan data.
        guard !report.isEmpty, layout.reportID == nil || report.first == layout.reportID else { return out }
        guard report.count == layout.reportLength else {
            poison(ScannerError(.malformedReport, "a \(report.count)-byte report (\(layout.reportLength) expected)"))
            receiving = true
            return out
        }
        let continued = report[layout.continuedOffset] & layout.continuedMask != 0
        let count = Int(report[layout.byteCountOffset])
        if count > layout.dataCapacity {
            poison(
                ScannerError(.malformedReport, "a byte count of \(count) in a report that holds \(layout.dataCapacity)")
            )
        }
        if fault == nil { take(report, count: count) }
        if continued {
            receiving = true
            return out
        }
        if let done = finish() { out.append(done) }
        return out
    }

    /// Declares a scan incomplete when the report its continuation bit promised has not come in time.
    public mutating func tick(at time: ContinuousClock.Instant) -> [DecoderOutput] {
        guard receiving, let last = lastReport,
            time - last >= .milliseconds(settings.continuationTimeoutMilliseconds)
        else { return [] }
        let error =
            fault
            ?? ScannerError(
                .incomplete,
                "a continuation report did not arrive within \(settings.continuationTimeoutMilliseconds) ms")
        reset()
        return [.error(error)]
    }

    /// The device is gone or the dock stops: a scan in progress is discarded with an error.
    public mutating func end(_ reason: ReportStreamEnd) -> [DecoderOutput] {
        defer { reset() }
        guard receiving else { return [] }
        let (code, words): (ScannerError.Code, String) =
            reason == .unplugged
            ? (.unpluggedMidScan, "the scanner was unplugged") : (.stoppedMidScan, "the dock stopped")
        return [.error(ScannerError(code, "\(words) during a multi-report scan; it was discarded"))]
    }

    private mutating func take(_ report: [UInt8], count: Int) {
        if let offset = layout.aimOffset {
            let identifier = Array(report[offset..<offset + 3])
            if let aim, aim != identifier {
                poison(ScannerError(.inconsistentReports, "the symbology identifier changed within one scan"))
                return
            }
            aim = identifier
        }
        if let offset = layout.symbologyOffset { symbology = symbology ?? report[offset] }
        guard buffer.count + count <= settings.maximumLength else {
            poison(ScannerError(.tooLong, "the scan exceeds \(settings.maximumLength) bytes; it was discarded"))
            return
        }
        buffer += report[layout.dataOffset..<layout.dataOffset + count]
    }

    private mutating func finish() -> DecoderOutput? {
        defer { reset() }
        if let fault { return .error(fault) }
        guard !buffer.isEmpty else { return nil }  // an empty report between scans
        var identifier: String?
        if let aim, aim != [0, 0, 0] {
            guard aim[0] == UInt8(ascii: "]"), aim.dropFirst().allSatisfy({ (0x21...0x7E).contains($0) }) else {
                return .error(ScannerError(.malformedReport, "the symbology identifier is not an AIM identifier"))
            }
            identifier = String(decoding: aim, as: UTF8.self)
        }
        return .scan(DecodedScan(aimIdentifier: identifier, bytes: buffer, vendorSymbology: symbology))
    }

    private mutating func poison(_ error: ScannerError) {
        if fault == nil { fault = error }
        buffer = []
    }

    private mutating func reset() {
        buffer = []
        aim = nil
        symbology = nil
        fault = nil
        receiving = false
    }
}
