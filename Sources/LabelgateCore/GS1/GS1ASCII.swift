/// Byte-level helpers shared by the GS1 parsers; ASCII only, never traps.
enum GS1ASCII {
    /// The group separator (GS, 0x1D) that stands for FNC1 in transmitted data.
    static let groupSeparator: UInt8 = 0x1D

    /// Whether `byte` is an ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Whether `byte` is an ASCII letter or digit.
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Whether every byte of `bytes` is an ASCII digit (false when empty).
    static func allDigits(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isDigit)
    }

    /// The numeric value of a run of ASCII digits, or nil when a byte is not a digit or the run is longer than 9.
    static func number(_ bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var result = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            result = result * 10 + Int(byte - 0x30)
        }
        return result
    }

    /// The value of a hexadecimal digit, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Builds a String from bytes already known to be ASCII.
    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Describes a byte for an error message without echoing it raw.
    static func describe(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        let padded = hex.count < 2 ? "0" + hex : hex
        if byte == 0x20 { return "a space" }
        if byte >= 0x21 && byte <= 0x7E {
            return "'\(String(UnicodeScalar(byte)))' (0x\(padded))"
        }
        return "byte 0x\(padded)"
    }

    /// Checks that `bytes` hold only printable ASCII, with GS allowed when `allowGS` is true.
    ///
    /// Reports non-ASCII bytes (including invalid UTF-8) and control characters as `.invalidCharacter`.
    static func checkPrintable(_ bytes: [UInt8], allowGS: Bool) throws(GS1Error) {
        for (index, byte) in bytes.enumerated() {
            if byte >= 0x80 {
                let detail = isValidUTF8(bytes)
                    ? "non-ASCII character (GS1 data is ASCII only)"
                    : "invalid UTF-8 (\(describe(byte)))"
                throw GS1Error.invalidCharacter(at: index, detail)
            }
            if byte == groupSeparator && allowGS { continue }
            if byte < 0x20 || byte == 0x7F {
                throw GS1Error.invalidCharacter(at: index, "control character \(describe(byte)) is not allowed")
            }
        }
    }

    /// Whether `bytes` are well-formed UTF-8 (uses the stdlib decoder; works on every deployment target).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
