/// Byte-level character classes used by the ISBT 128 codec (internal).
enum ISBTASCII {
    static let equals: UInt8 = 0x3D
    static let ampersand: UInt8 = 0x26
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let letterO: UInt8 = 0x4F
    static let letterI: UInt8 = 0x49
    static let letterQ: UInt8 = 0x51
    static let letterZ: UInt8 = 0x5A

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    static func isUpperAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isUpper(byte) }
    static func isPrintable(_ byte: UInt8) -> Bool { byte >= 0x20 && byte <= 0x7E }

    /// `{A–N, P–Z, 1–9}`: the first character of a facility identification number (α).
    static func isFacilityLead(_ byte: UInt8) -> Bool {
        (isUpper(byte) && byte != letterO) || (byte >= 0x31 && byte <= 0x39)
    }

    /// `{A–N, P–Z, 0–9}`: the second and third characters of a facility identification number.
    static func isFacilityMiddle(_ byte: UInt8) -> Bool {
        (isUpper(byte) && byte != letterO) || isDigit(byte)
    }

    /// `{0–9, A–H, J–N, P, R–Y}`: a DIN flag character.
    static func isFlag(_ byte: UInt8) -> Bool {
        isDigit(byte) || (isUpper(byte) && byte != letterI && byte != letterO && byte != letterQ && byte != letterZ)
    }

    /// The numeric value of a decimal digit, if the byte is one.
    static func digitValue(_ byte: UInt8) -> Int? {
        isDigit(byte) ? Int(byte) - 0x30 : nil
    }

    /// The value of a run of decimal digits, or nil if any byte is not a digit (at most 9 digits are read).
    static func number(_ bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard let digit = digitValue(byte) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// A short, safe description of one byte for error reasons: `'A'` when printable, `byte 0x1D` otherwise.
    static func describe(_ byte: UInt8) -> String {
        if isPrintable(byte) && byte != 0x20 {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count < 2 ? "0" + hex : hex)"
    }

    /// Decodes bytes already known to be ISBTASCII.
    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
