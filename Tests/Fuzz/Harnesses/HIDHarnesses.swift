import Scanners

/// HID report descriptors, HID POS report streams and keyboard-wedge report streams.
enum HIDHarnesses {
    /// A descriptor parses or is refused with a typed error; a parsed one has bounded fields, and a HID POS layout
    /// derived from it is valid and drives the decoder over reports of its length without a trap.
    static func descriptor(_ data: [UInt8]) throws(FuzzFailure) {
        guard let descriptor = try? ReportDescriptor(parsing: data) else { return }
        for field in descriptor.fields {
            try check((1...32).contains(field.bitSize) && field.count >= 1,
                "a field of \(field.count) x \(field.bitSize)")
            try check(field.bitOffset >= 0 && field.bitOffset + field.bitSize * field.count <= 1 << 16, "field bounds")
            for element in [0, 1, field.count - 1] where element >= 0 { _ = field.usage(ofElement: element) }
            for usage in [HIDUsage.decodedData, .byteCount, .decodeDataContinued, .symbologyIdentifier1] {
                if let element = field.firstElement(withUsage: usage) {
                    try check(element >= 0, "a negative element index")
                }
            }
        }
        for id in Set(descriptor.fields.map(\.reportID)) {
            let length = descriptor.inputReportLength(reportID: id)
            try check(length >= 0 && length <= 8193, "an input report of \(length) bytes")
        }
        _ = descriptor.applicationUsagePages
        guard let layout = try? HIDPOSLayout(descriptor: descriptor) else { return }
        do { try layout.validate() } catch { throw FuzzFailure("a derived layout fails validation: \(error)") }
        var decoder = HIDPOSDecoder(layout: layout)
        var report = [UInt8](repeating: 0x41, count: layout.reportLength)
        if let id = layout.reportID { report[0] = id }
        let now = ContinuousClock.now
        _ = decoder.decode(report, at: now)
        report[layout.byteCountOffset] = UInt8(min(layout.dataCapacity, 255))
        _ = decoder.decode(report, at: now + .milliseconds(1))
        _ = decoder.end(.unplugged)
    }

    /// The layout a stream is read with: a vendor's, or one from fuzzed offsets that passes `validate()`.
    private static func layout(_ input: inout FuzzInput) -> HIDPOSLayout? {
        switch input.int(below: 4) {
        case 0: return .honeywell
        case 1: return .newland
        default:
            let length = 1 + input.int(below: 128)
            func offset(_ input: inout FuzzInput) -> Int { input.int(below: length + 2) - 1 }
            let layout = HIDPOSLayout(
                reportID: input.bool() ? input.byte() : nil, reportLength: length, byteCountOffset: offset(&input),
                aimOffset: input.bool() ? offset(&input) : nil, dataOffset: offset(&input),
                dataCapacity: input.int(below: length + 1), continuedOffset: offset(&input),
                continuedMask: UInt8(1) << UInt8(input.int(below: 8)),
                symbologyOffset: input.bool() ? offset(&input) : nil)
            return (try? layout.validate()) == nil ? nil : layout
        }
    }

    /// Any report stream gives whole scans or typed errors; a payload cut into reports comes back byte-exact.
    static func hidPOSStream(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let roundTrip = input.bool()
        guard let layout = layout(&input) else { return }
        let settings = HIDPOSSettings(continuationTimeoutMilliseconds: 1000, maximumLength: 64 + input.int(below: 4096))
        var decoder = HIDPOSDecoder(layout: layout, settings: settings)
        var now = ContinuousClock.now
        if roundTrip {
            try hidPOSRoundTrip(&input, layout: layout, decoder: &decoder)
            return
        }
        var outputs: [DecoderOutput] = []
        while !input.isAtEnd {
            now += .milliseconds(input.int(below: 1500))
            switch input.int(below: 16) {
            case 0: outputs += decoder.tick(at: now)
            case 1: outputs += decoder.end(input.bool() ? .unplugged : .shutdown)
            case 2: outputs += decoder.decode(input.chunk(), at: now)
            default:
                var report = input.bytes(layout.reportLength)
                if let id = layout.reportID, !report.isEmpty, input.bool() { report[0] = id }
                outputs += decoder.decode(report, at: now)
            }
        }
        outputs += decoder.end(.shutdown)
        for case .scan(let scan) in outputs {
            let count = scan.bytes.count
            try check(count > 0 && count <= settings.maximumLength, "a scan of \(count) bytes")
            if let aim = scan.aimIdentifier {
                try check(aim.utf8.count == 3 && aim.utf8.first == UInt8(ascii: "]"), "AIM identifier \(aim)")
            }
        }
    }

    private static func hidPOSRoundTrip(
        _ input: inout FuzzInput, layout: HIDPOSLayout, decoder: inout HIDPOSDecoder
    ) throws(FuzzFailure) {
        let payload = input.bytes(input.int(below: 600))
        guard !payload.isEmpty, payload.count <= decoder.settings.maximumLength else { return }
        let aim: [UInt8] = [UInt8(ascii: "]"), input.pick(Array("ACdQEeIe".utf8)), input.pick(Alphabet.digits)]
        let symbology = input.byte()
        let perReport = min(layout.dataCapacity, 255)
        guard perReport > 0 else { return }
        var now = ContinuousClock.now
        var outputs: [DecoderOutput] = []
        var start = 0
        while start < payload.count {
            let piece = payload[start..<min(payload.count, start + perReport)]
            start += piece.count
            var report = [UInt8](repeating: 0, count: layout.reportLength)
            if let id = layout.reportID { report[0] = id }
            report[layout.byteCountOffset] = UInt8(piece.count)
            report.replaceSubrange(layout.dataOffset..<layout.dataOffset + piece.count, with: piece)
            if let offset = layout.aimOffset { report.replaceSubrange(offset..<offset + 3, with: aim) }
            if let offset = layout.symbologyOffset { report[offset] = symbology }
            if start < payload.count { report[layout.continuedOffset] |= layout.continuedMask }
            now += .milliseconds(1)
            outputs += decoder.decode(report, at: now)
        }
        let expected = DecodedScan(
            aimIdentifier: layout.aimOffset == nil ? nil : String(decoding: aim, as: UTF8.self), bytes: payload,
            vendorSymbology: layout.symbologyOffset == nil ? nil : symbology)
        try check(outputs == [.scan(expected)], "\(layout) gave \(outputs) for \(hex(payload))")
    }

    // MARK: keyboard wedge

    /// Any report stream gives whole scans (valid UTF-8, within the length limit) or typed errors; text typed as
    /// key reports (plain, fast without releases, Alt + keypad codes, Ctrl or a function key for GS) comes back
    /// exactly, on every layout.
    static func wedgeStream(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let roundTrip = input.bool()
        let settings = WedgeSettings(
            layout: input.pick(KeyboardLayoutID.allCases),
            termination: input.bool() ? .suffix : .suffixOrIdleGap, idleGapMilliseconds: 100,
            suffixTimeoutMilliseconds: 1000, gsKeyUsage: input.bool() ? 0x45 : nil,
            maximumLength: 16 + input.int(below: 4096))
        var decoder = KeyboardWedgeDecoder(settings: settings)
        if roundTrip {
            try wedgeRoundTrip(&input, settings: settings, decoder: &decoder)
            return
        }
        var now = ContinuousClock.now
        var outputs: [DecoderOutput] = []
        while !input.isAtEnd {
            now += .milliseconds(input.int(below: 8) == 0 ? input.int(below: 1500) : 1)
            switch input.int(below: 32) {
            case 0: outputs += decoder.tick(at: now)
            case 1: outputs += decoder.end(input.bool() ? .unplugged : .shutdown)
            case 2: outputs += decoder.decode(input.chunk(), at: now)
            case 3: outputs += decoder.decode(input.bytes(9), at: now)
            default: outputs += decoder.decode(input.bytes(8), at: now)
            }
        }
        outputs += decoder.tick(at: now + .seconds(5))
        for case .scan(let scan) in outputs {
            let count = scan.bytes.count
            try check(count > 0 && count <= settings.maximumLength, "a scan of \(count) bytes")
            try check(String(validating: scan.bytes, as: UTF8.self) != nil, "a scan that is not UTF-8")
        }
    }

    private static func wedgeRoundTrip(
        _ input: inout FuzzInput, settings: WedgeSettings, decoder: inout KeyboardWedgeDecoder
    ) throws(FuzzFailure) {
        let keys = WedgeKeyMap.map(for: settings.layout)
        var reports: [[UInt8]] = []
        var expected: [UInt8] = []
        var held: UInt8?  // a key still down from a fast (release-less) keystroke
        let count = input.int(below: 80)
        for _ in 0..<count {
            let choice = input.int(below: keys.count + 1)
            if choice == keys.count {  // GS
                expected.append(0x1D)
                if held != nil { reports.append([UInt8](repeating: 0, count: 8)) }
                reports.append(settings.gsKeyUsage.map { [0, 0, $0, 0, 0, 0, 0, 0] } ?? [0x01, 0, 0x30, 0, 0, 0, 0, 0])
                reports.append([UInt8](repeating: 0, count: 8))
                held = nil
                continue
            }
            let key = keys[choice]
            expected += key.text
            if key.text.count == 1, key.text[0] < 0x80, input.int(below: 4) == 0 {  // Alt + keypad code
                let digits = Array(String(key.text[0]).utf8).map { $0 == 0x30 ? UInt8(0x62) : $0 - 0x30 + 0x58 }
                let padded = input.bool() ? [0x62] + digits : digits  // a leading keypad 0, as scanners send
                if held != nil { reports.append([UInt8](repeating: 0, count: 8)) }
                if input.bool() {  // all digits in one report (the real SIP-4-1 scanner)
                    reports.append([0x04, 0] + padded + [UInt8](repeating: 0, count: 6 - padded.count))
                } else {
                    for digit in padded {
                        reports.append([0x04, 0, digit, 0, 0, 0, 0, 0])
                        reports.append([0x04, 0, 0, 0, 0, 0, 0, 0])
                    }
                }
                reports.append([UInt8](repeating: 0, count: 8))
                held = nil
                continue
            }
            if held == key.usage { reports.append([UInt8](repeating: 0, count: 8)) }
            reports.append([key.modifiers, 0, key.usage, 0, 0, 0, 0, 0])
            if key.modifiers & 0x40 == 0, input.bool() {  // (on US, right Alt is Alt: codes would run together)
                held = key.usage
            } else {
                reports.append([UInt8](repeating: 0, count: 8))
                held = nil
            }
        }
        reports.append([0, 0, 0x28, 0, 0, 0, 0, 0])
        reports.append([UInt8](repeating: 0, count: 8))
        var now = ContinuousClock.now
        var outputs: [DecoderOutput] = []
        for report in reports {
            now += .milliseconds(1)
            outputs += decoder.decode(report, at: now)
        }
        if expected.isEmpty {
            try check(outputs.isEmpty, "nothing typed gave \(outputs)")
        } else if expected.count <= settings.maximumLength {
            let scan = DecoderOutput.scan(DecodedScan(bytes: expected))
            try check(outputs == [scan], "\(settings.layout): \(outputs) for \(hex(expected))")
        } else {
            try check(outputs.count == 1, "an over-long scan gave \(outputs)")
        }
    }
}

/// What each key (with no modifier, Shift, AltGr or both) types alone on a layout, found by asking the decoder one
/// keystroke at a time: the round trip then checks that keystrokes in sequence type the concatenation.
enum WedgeKeyMap {
    struct Key {
        var modifiers: UInt8
        var usage: UInt8
        var text: [UInt8]
    }

    private static let maps: [KeyboardLayoutID: [Key]] = Dictionary(
        uniqueKeysWithValues: KeyboardLayoutID.allCases.map { ($0, build($0)) })

    static func map(for layout: KeyboardLayoutID) -> [Key] { maps[layout] ?? [] }

    private static func typed(_ layout: KeyboardLayoutID, _ strokes: [(UInt8, UInt8)]) -> [UInt8]? {
        var decoder = KeyboardWedgeDecoder(settings: WedgeSettings(layout: layout))
        var now = ContinuousClock.now
        var outputs: [DecoderOutput] = []
        for (modifiers, usage) in strokes + [(0, 0x28)] {
            now += .milliseconds(1)
            outputs += decoder.decode([modifiers, 0, usage, 0, 0, 0, 0, 0], at: now)
            outputs += decoder.decode([UInt8](repeating: 0, count: 8), at: now)
        }
        guard outputs.count == 1, case .scan(let scan) = outputs[0] else { return nil }
        return scan.bytes
    }

    private static func build(_ layout: KeyboardLayoutID) -> [Key] {
        var keys: [Key] = []
        var seen = Set<[UInt8]>()
        for modifiers: UInt8 in [0x00, 0x02, 0x40, 0x42] {
            for usage: UInt8 in 0x04...0x65 where ![0x28, 0x2B, 0x39, 0x58].contains(usage) {
                guard let text = typed(layout, [(modifiers, usage)]), !text.isEmpty,
                    typed(layout, [(modifiers, usage), (0, 0x2C)]) == text + [0x20],  // not a dead key
                    seen.insert(text).inserted
                else { continue }
                keys.append(Key(modifiers: modifiers, usage: usage, text: text))
            }
        }
        return keys
    }
}

/// What the replay tests check of the harnesses themselves, so an oracle cannot become vacuous unnoticed.
public enum HarnessSelfCheck {
    /// How many distinct texts the wedge round trip can type on each layout (the key map found by asking the decoder).
    public static func wedgeKeyCounts() -> [String: Int] {
        Dictionary(
            uniqueKeysWithValues: KeyboardLayoutID.allCases.map { ($0.rawValue, WedgeKeyMap.map(for: $0).count) })
    }

    /// Whether the wedge round trip typed `text` on `layout` back exactly (through the same code as the harness).
    public static func wedgeTypes(_ text: String, layout: KeyboardLayoutID) -> Bool {
        let keys = WedgeKeyMap.map(for: layout)
        var reports: [[UInt8]] = []
        for scalar in text.utf8 {
            guard let key = keys.first(where: { $0.text == [scalar] }) else { return false }
            reports += [[key.modifiers, 0, key.usage, 0, 0, 0, 0, 0], [UInt8](repeating: 0, count: 8)]
        }
        reports.append([0, 0, 0x28, 0, 0, 0, 0, 0])
        var decoder = KeyboardWedgeDecoder(settings: WedgeSettings(layout: layout))
        var now = ContinuousClock.now
        var outputs: [DecoderOutput] = []
        for report in reports {
            now += .milliseconds(1)
            outputs += decoder.decode(report, at: now)
        }
        return outputs == [.scan(DecodedScan(bytes: Array(text.utf8)))]
    }
}
