/// Decodes HID boot-keyboard reports (8 bytes, or 9 with a report ID) from a scanner in keyboard-wedge mode.
///
/// Keys are decoded on their down edge (present now, absent from the previous report), so fast scanners that skip
/// the all-up report between different keys are read correctly. Shift, CapsLock (toggled by the scanner) and AltGr
/// follow the configured layout; GS arrives as Ctrl + the key at the US `]` position (usage 0x30), as Alt + keypad
/// 0 0 2 9, or as a configured function key. A fault (malformed report, ErrorRollOver, a scan over the length limit)
/// poisons the scan in progress: it ends as one error, never as a scan with keystrokes missing.
public struct KeyboardWedgeDecoder: ScanDecoder {
    /// The settings in use.
    public let settings: WedgeSettings
    let layout: KeyboardLayout
    private var previousKeys: [UInt8] = []
    private var previousModifiers: UInt8 = 0
    private var buffer: [UInt8] = []
    private var fault: ScannerError?
    private var capsLock = false
    private var deadKey: Unicode.Scalar?
    private var altDigits: [UInt8] = []
    private var lastReport: ContinuousClock.Instant?

    /// Creates a decoder.
    public init(settings: WedgeSettings = WedgeSettings()) {
        self.settings = settings
        self.layout = KeyboardLayout.named(settings.layout)
    }

    private var inProgress: Bool { !buffer.isEmpty || fault != nil || deadKey != nil || !altDigits.isEmpty }

    /// Feeds one report.
    public mutating func decode(_ report: [UInt8], at time: ContinuousClock.Instant) -> [DecoderOutput] {
        var out = tick(at: time)
        lastReport = time
        let body: ArraySlice<UInt8>
        switch report.count {
        case 8: body = report[...]
        case 9: body = report.dropFirst()  // composite devices put a report ID first
        default:
            poison(ScannerError(.malformedReport, "a \(report.count)-byte keyboard report (8 or 9 expected)"))
            return out
        }
        let modifiers = body[body.startIndex]
        let slots = body.dropFirst(2)
        if slots.contains(where: { (0x01...0x03).contains($0) }) {
            // ErrorRollOver (or POSTFail, ErrorUndefined): the key state is unknown. Keep the previous state so the
            // next real report's edges are computed against what was last known.
            poison(ScannerError(.rollOver, "the scanner reported ErrorRollOver; keystrokes may be lost"))
            return out
        }
        let keys = slots.filter { $0 != 0 }
        if previousModifiers & Self.altMask != 0 && modifiers & Self.altMask == 0 { finishAltCode() }
        for usage in keys where !previousKeys.contains(usage) {
            if let output = keyDown(usage, modifiers: modifiers) { out.append(output) }
        }
        previousKeys = Array(keys)
        previousModifiers = modifiers
        return out
    }

    /// Ends a scan whose idle gap has elapsed, or declares one that waits too long for its suffix incomplete.
    public mutating func tick(at time: ContinuousClock.Instant) -> [DecoderOutput] {
        let byGap = settings.termination == .suffixOrIdleGap
        let limit = byGap ? settings.idleGapMilliseconds : settings.suffixTimeoutMilliseconds
        guard inProgress, let last = lastReport, time - last >= .milliseconds(limit) else { return [] }
        if byGap, fault == nil, altDigits.isEmpty {
            flushDeadKey()
            return finish().map { [$0] } ?? []
        }
        let error =
            fault
            ?? ScannerError(
                .incomplete, "no Enter or Tab within \(limit) ms; the scan was discarded")
        reset()
        return [.error(error)]
    }

    /// The device is gone or the dock stops: a scan in progress is discarded with an error.
    public mutating func end(_ reason: ReportStreamEnd) -> [DecoderOutput] {
        defer {
            reset()
            previousKeys = []
            previousModifiers = 0
        }
        guard inProgress else { return [] }
        let (code, words): (ScannerError.Code, String) =
            reason == .unplugged
            ? (.unpluggedMidScan, "the scanner was unplugged") : (.stoppedMidScan, "the dock stopped")
        return [.error(ScannerError(code, "\(words) during a scan; it was discarded"))]
    }

    // MARK: keys

    static let ctrlMask: UInt8 = 0x11
    static let shiftMask: UInt8 = 0x22
    static let leftAlt: UInt8 = 0x04
    static let rightAlt: UInt8 = 0x40
    static let altMask: UInt8 = 0x44

    private mutating func keyDown(_ usage: UInt8, modifiers: UInt8) -> DecoderOutput? {
        let altGr = layout.hasAltGr && modifiers & Self.rightAlt != 0
        let alt = modifiers & Self.leftAlt != 0 || (!layout.hasAltGr && modifiers & Self.rightAlt != 0)
        switch usage {
        case 0x28, 0x58, 0x2B:  // Enter, keypad Enter, Tab: the suffix
            flushDeadKey()
            return finish()
        case 0x39:
            capsLock.toggle()
            return nil
        case 0xE0...0xE7:  // modifiers listed as keys: their state is in byte 0
            return nil
        default: break
        }
        if usage == settings.gsKeyUsage {
            append([0x1D])
            return nil
        }
        if alt && !altGr {
            if let digit = Self.keypadDigit(usage) {
                altDigits.append(digit)
            } else {
                poison(ScannerError(.unsupportedKey, "a key other than a keypad digit was pressed with Alt"))
            }
            return nil
        }
        if modifiers & Self.ctrlMask != 0 && !altGr {
            if let control = controlCharacter(usage, shift: modifiers & Self.shiftMask != 0) {
                append([control])
            } else {
                poison(ScannerError(.unsupportedKey, "Ctrl with key 0x\(String(usage, radix: 16)) types nothing"))
            }
            return nil
        }
        let shift = modifiers & Self.shiftMask != 0
        switch layout.meaning(of: usage, shift: shift, altGr: altGr, capsLock: capsLock) {
        case .character(let scalar)?:
            if let accent = deadKey {
                deadKey = nil
                if scalar != " " { appendScalar(accent) }
                appendScalar(scalar == " " ? accent : scalar)
            } else {
                appendScalar(scalar)
            }
        case .dead(let accent)?:
            if let pending = deadKey { appendScalar(pending) }
            deadKey = accent
        case nil:
            break  // function keys, arrows and the like type nothing
        }
        return nil
    }

    /// Control characters by key position: letters give 0x01–0x1A, and the US `[ \ ] 6 -` positions give
    /// ESC, FS, GS, RS (with Shift) and US (with Shift), as Windows and the scanners' control-character modes do.
    private func controlCharacter(_ usage: UInt8, shift: Bool) -> UInt8? {
        switch usage {
        case 0x2F: return 0x1B
        case 0x31, 0x32: return 0x1C
        case 0x30: return 0x1D
        case 0x23 where shift: return 0x1E
        case 0x2D where shift: return 0x1F
        default:
            guard case .character(let scalar)? = layout.meaning(of: usage, shift: false, altGr: false, capsLock: false),
                scalar.isASCII, (0x61...0x7A).contains(scalar.value)
            else { return nil }
            return UInt8(scalar.value) - 0x60
        }
    }

    private static func keypadDigit(_ usage: UInt8) -> UInt8? {
        switch usage {
        case 0x59...0x61: return usage - 0x58
        case 0x62: return 0
        default: return nil
        }
    }

    /// Alt released: the keypad digits typed while it was held are one character code (ASCII only).
    private mutating func finishAltCode() {
        defer { altDigits = [] }
        guard !altDigits.isEmpty else { return }
        let value = altDigits.prefix(4).reduce(0) { $0 * 10 + Int($1) }
        guard altDigits.count <= 4, value < 0x80 else {
            poison(ScannerError(.unsupportedKey, "an Alt code outside ASCII; the code page is unknown"))
            return
        }
        append([UInt8(value)])
    }

    // MARK: buffer

    private mutating func flushDeadKey() {
        if let accent = deadKey { appendScalar(accent) }
        deadKey = nil
    }

    private mutating func appendScalar(_ scalar: Unicode.Scalar) {
        append(Array(String(Character(scalar)).utf8))
    }

    private mutating func append(_ bytes: [UInt8]) {
        guard fault == nil else { return }
        guard buffer.count + bytes.count <= settings.maximumLength else {
            poison(ScannerError(.tooLong, "the scan exceeds \(settings.maximumLength) bytes; it was discarded"))
            return
        }
        buffer += bytes
    }

    private mutating func poison(_ error: ScannerError) {
        if fault == nil { fault = error }
        buffer = []
    }

    private mutating func finish() -> DecoderOutput? {
        defer { reset() }
        if let fault { return .error(fault) }
        guard !buffer.isEmpty else { return nil }  // a lone suffix (the LF of CR LF, a double Enter)
        return .scan(DecodedScan(bytes: buffer))
    }

    private mutating func reset() {
        buffer = []
        fault = nil
        deadKey = nil
        altDigits = []
        capsLock = false
    }
}
