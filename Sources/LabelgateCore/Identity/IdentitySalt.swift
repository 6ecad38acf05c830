/// The per-record secret salt that keys the identity hash.
///
/// 128 bits from the system's CSPRNG, created when the record is created, stored only in the ledger and never
/// printed. Without it, the hash on a label reveals nothing about the patient: it cannot be brute-forced from a
/// guessed name and date of birth.
public struct IdentitySalt: Hashable, Sendable, CustomStringConvertible {
    /// Required salt length in bytes.
    public static let byteCount = 16
    /// The salt bytes.
    public let bytes: [UInt8]

    /// Wraps existing salt bytes; they must be exactly 16.
    public init(bytes: [UInt8]) throws(IdentityError) {
        guard bytes.count == Self.byteCount else {
            throw IdentityError(.badSalt, "the record salt must be \(Self.byteCount) bytes, found \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Draws a fresh salt from `generator` (the system CSPRNG unless a test supplies one).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> IdentitySalt {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        return IdentitySalt(unchecked: bytes)
    }

    /// Draws a fresh salt from the system CSPRNG.
    public static func random() -> IdentitySalt {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Lower-case hex, for storage.
    public var hex: String { bytes.map { byte in String(byte, radix: 16).leftPadded(to: 2) }.joined() }

    /// Parses the lower- or upper-case hex form.
    public init(hex: String) throws(IdentityError) {
        try self.init(hexDigits: hex.utf8)
    }

    /// Parses the hex form given as UTF-8 bytes (a ledger text column, read in place); same as ``init(hex:)``.
    package init(hexUTF8 digits: UnsafeBufferPointer<UInt8>) throws(IdentityError) {
        try self.init(hexDigits: digits)
    }

    private init(hexDigits digits: some Collection<UInt8>) throws(IdentityError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var iterator = digits.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let h = Self.nibble(high), let l = Self.nibble(low) else {
                throw IdentityError(.badSalt, "the record salt is not valid hex")
            }
            bytes.append(h << 4 | l)
        }
        try self.init(bytes: bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Always `<salt redacted>`.
    public var description: String { "<salt redacted>" }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
