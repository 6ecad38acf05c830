/// A Zebra printer's answer to `~HS`: three `<STX>…<ETX><CR><LF>` strings of comma-separated fields.
public struct ZPLHostStatus: Sendable, Equatable {
    /// String 1 field b.
    public var paperOut: Bool
    /// String 1 field c.
    public var paused: Bool
    /// String 1 field eee: formats in the receive buffer.
    public var formatsInBuffer: Int
    /// String 2 field o.
    public var headOpen: Bool
    /// String 2 field p.
    public var ribbonOut: Bool
    /// String 2 field uuuuuuuu: labels remaining in the current batch.
    public var labelsRemaining: Int

    /// Labels the printer still holds (not yet printed): formats waiting plus labels left in the batch.
    public var pending: Int { formatsInBuffer + labelsRemaining }

    /// The faults that stop a batch, as IPP-style keywords.
    public var faults: [String] {
        var out: [String] = []
        if paperOut { out.append("media-empty") }
        if headOpen { out.append("head-open") }
        if ribbonOut { out.append("ribbon-out") }
        if paused { out.append("paused") }
        return out
    }

    /// Creates a status.
    public init(
        paperOut: Bool = false, paused: Bool = false, formatsInBuffer: Int = 0, headOpen: Bool = false,
        ribbonOut: Bool = false, labelsRemaining: Int = 0
    ) {
        self.paperOut = paperOut
        self.paused = paused
        self.formatsInBuffer = formatsInBuffer
        self.headOpen = headOpen
        self.ribbonOut = ribbonOut
        self.labelsRemaining = labelsRemaining
    }

    /// True once `bytes` hold three complete strings.
    package static func isComplete(_ bytes: [UInt8]) -> Bool { bytes.count { $0 == 0x03 } >= 3 }

    /// Parses a `~HS` answer; nil when it is not one (garbage, truncated).
    public init?(answer bytes: [UInt8]) {
        let strings = Self.strings(bytes)
        guard strings.count >= 2 else { return nil }
        let first = strings[0], second = strings[1]
        guard first.count >= 12, second.count >= 11,
            let paper = Self.flag(first[1]), let pause = Self.flag(first[2]), let formats = Self.count(first[4]),
            let head = Self.flag(second[2]), let ribbon = Self.flag(second[3]),
            let remaining = Self.count(second[8])
        else { return nil }
        self.init(
            paperOut: paper, paused: pause, formatsInBuffer: formats, headOpen: head, ribbonOut: ribbon,
            labelsRemaining: remaining)
    }

    /// The `~HS` answer for this status (used by printer emulators and tests).
    public var answer: [UInt8] {
        func line(_ text: String) -> [UInt8] { [0x02] + Array(text.utf8) + [0x03, 0x0D, 0x0A] }
        let one = "030,\(paperOut ? 1 : 0),\(paused ? 1 : 0),0812,\(String(format3: formatsInBuffer)),0,0,0,000,0,0,0"
        let two = "000,0,\(headOpen ? 1 : 0),\(ribbonOut ? 1 : 0),1,2,6,0,\(String(format8: labelsRemaining)),1,000"
        return line(one) + line(two) + line("1234,0")
    }

    static func strings(_ bytes: [UInt8]) -> [[String]] {
        var out: [[String]] = []
        var current: [UInt8]?
        for byte in bytes {
            switch byte {
            case 0x02: current = []
            case 0x03:
                if let text = current { out.append(String(decoding: text, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
                current = nil
            default: current?.append(byte)
            }
        }
        return out
    }

    /// A count field (`eee`, `uuuuuuuu`): one to eight decimal digits, nothing else. A sign, a space or a longer
    /// number is not a `~HS` answer: a negative count would let unconfirmed labels count as printed, and a huge one
    /// would overflow `pending`.
    package static func count(_ text: String) -> Int? {
        let digits = text.utf8
        guard !digits.isEmpty, digits.count <= 8,
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int(text)
    }

    private static func flag(_ text: String) -> Bool? {
        switch text {
        case "0": return false
        case "1": return true
        default: return nil
        }
    }
}

/// A Zebra printer's answer to `~HQES`: error and warning flags.
public struct ZPLErrorStatus: Sendable, Equatable {
    /// Error group 1 bits (1 media out, 2 ribbon out, 4 head open, 8 cutter fault).
    public var errors: UInt32

    /// Creates a status.
    public init(errors: UInt32) { self.errors = errors }

    /// The faults as keywords.
    public var faults: [String] {
        var out: [String] = []
        if errors & 1 != 0 { out.append("media-empty") }
        if errors & 2 != 0 { out.append("ribbon-out") }
        if errors & 4 != 0 { out.append("head-open") }
        if errors & 8 != 0 { out.append("cutter-fault") }
        if errors & ~0xF != 0 { out.append("printer-error") }
        return out
    }

    package static func isComplete(_ bytes: [UInt8]) -> Bool { bytes.contains(0x03) }

    /// Parses the `ERRORS:` line; nil when the answer is not a `~HQES` answer.
    public init?(answer bytes: [UInt8]) {
        // Whitespace-separated tokens; "\r\n" is one Character in Swift, so split on any whitespace or newline.
        let tokens = String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        guard let at = tokens.firstIndex(of: "ERRORS:"), at + 3 < tokens.count,
            let group1 = UInt32(tokens[at + 3], radix: 16)
        else { return nil }
        self.init(errors: group1)
    }

    /// The `~HQES` answer for this status (used by printer emulators and tests).
    public var answer: [UInt8] {
        let hex = String(errors, radix: 16, uppercase: true)
        let group1 = String(repeating: "0", count: max(0, 8 - hex.count)) + hex
        let text = "\u{2}\r\n  PRINTER STATUS\r\n   ERRORS:         \(errors == 0 ? 0 : 1) 00000000 \(group1)\r\n"
            + "   WARNINGS:       0 00000000 00000000\r\n\u{3}\r\n"
        return Array(text.utf8)
    }
}

extension String {
    fileprivate init(format3 value: Int) { self = Self.padded(value, 3) }
    fileprivate init(format8 value: Int) { self = Self.padded(value, 8) }
    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(Swift.max(0, value))
        return String(repeating: "0", count: Swift.max(0, width - text.count)) + text
    }
}
