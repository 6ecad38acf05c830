/// The character sets a GS1 application identifier value may be drawn from.
public enum GS1CharacterSet: String, Hashable, Sendable, CaseIterable {
    /// Digits 0-9 ("N" in GS1 format strings).
    case numeric
    /// GS1 AI encodable character set 82 ("X"): digits, letters and `!"%&'()*+,-./:;<=>?_`.
    case cset82
    /// GS1 AI encodable character set 39 ("Y"): digits, upper-case letters and `#-/`.
    case cset39
    /// GS1 AI encodable character set 64 ("Z"): base64url (`A-Z a-z 0-9 - _`) with optional `=` padding.
    case base64url

    /// Whether `byte` belongs to this character set (padding `=` is handled by ``isValid(_:)``).
    public func contains(_ byte: UInt8) -> Bool {
        switch self {
        case .numeric:
            return GS1ASCII.isDigit(byte)
        case .cset82:
            if GS1ASCII.isAlphanumeric(byte) { return true }
            switch byte {
            case 0x21, 0x22, 0x25...0x2F, 0x3A...0x3F, 0x5F: return true
            default: return false
            }
        case .cset39:
            return GS1ASCII.isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x23 || byte == 0x2D
                || byte == 0x2F
        case .base64url:
            return GS1ASCII.isAlphanumeric(byte) || byte == 0x2D || byte == 0x5F
        }
    }

    /// The offset of the first byte of `bytes` outside this set, or nil when all are valid.
    ///
    /// For base64url, up to two trailing `=` are accepted when the total length is a multiple of 3.
    public func firstInvalidOffset(in bytes: some Collection<UInt8>) -> Int? {
        var end = bytes.count
        if self == .base64url {
            var pads = 0
            for byte in bytes.reversed() {
                guard byte == 0x3D else { break }
                pads += 1
            }
            if pads > 2 || (pads > 0 && bytes.count % 3 != 0) {
                return bytes.count - pads
            }
            end -= pads
        }
        var offset = 0
        for byte in bytes {
            guard offset < end else { break }
            if !contains(byte) { return offset }
            offset += 1
        }
        return nil
    }

    /// Whether every byte of `bytes` is valid for this set.
    public func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        firstInvalidOffset(in: bytes) == nil
    }

    /// The letter GS1 format strings use for this set ("N", "X", "Y" or "Z").
    public var formatLetter: Character {
        switch self {
        case .numeric: return "N"
        case .cset82: return "X"
        case .cset39: return "Y"
        case .base64url: return "Z"
        }
    }

    /// A short human-readable name, used in error messages.
    public var displayName: String {
        switch self {
        case .numeric: return "digits"
        case .cset82: return "characters of GS1 character set 82"
        case .cset39: return "characters of GS1 character set 39"
        case .base64url: return "base64url characters"
        }
    }
}
