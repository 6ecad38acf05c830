import Crypto

/// The identity hash a label carries: 160 bits of HMAC-SHA-256 keyed with the record's secret salt.
///
/// Equality is constant-time. The text form is 32 base32 characters.
public struct IdentityHash: Hashable, Sendable, CustomStringConvertible {
    /// Length of the hash in bytes (160 bits).
    public static let byteCount = 20
    /// Length of the base32 text form.
    public static let textLength = 32
    /// The hash bytes.
    public let bytes: [UInt8]

    /// Wraps hash bytes; they must be exactly 20.
    public init(bytes: [UInt8]) throws(IdentityError) {
        guard bytes.count == Self.byteCount else {
            throw IdentityError(.badHash, "an identity hash is \(Self.byteCount) bytes, found \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Parses the 32-character base32 form.
    public init(text: some StringProtocol) throws(IdentityError) {
        guard text.utf8.count == Self.textLength else {
            throw IdentityError(.badHash, "an identity hash is \(Self.textLength) characters, found \(text.utf8.count)")
        }
        // Decoded from one buffer of the text's UTF-8 (in place for a native string): byte loops over a string's
        // UTF-8 view are much slower.
        let decoded = text.utf8.withContiguousStorageIfAvailable(Self.decodeBase32)
            ?? Array(text.utf8).withUnsafeBufferPointer(Self.decodeBase32)
        guard let bytes = decoded else {
            throw IdentityError(.badHash, "the identity hash has characters outside the base32 alphabet")
        }
        self.init(decoded: bytes)
    }

    /// `Base32.decode` for the 32 symbols of a hash, into one buffer of the final size: 32 × 5 bits are exactly
    /// 20 bytes with no pad bits left over, so it fails (nil) only for a symbol outside the alphabet.
    private static func decodeBase32(_ symbols: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        var buffer: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            let value: UInt32
            switch symbol {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(symbol - UInt8(ascii: "A"))
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = UInt32(symbol - UInt8(ascii: "2")) + 26
            default: return nil
            }
            buffer = ((buffer << 5) | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return bytes
    }

    /// Wraps bytes already known to be `byteCount` long (decoded above, or cut from an HMAC).
    private init(decoded bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The 32-character base32 form.
    public var text: String { Base32.encode(bytes) }
    /// Same as `text`: the hash reveals nothing, so it may be shown.
    public var description: String { text }

    /// Constant-time equality.
    public static func == (lhs: Self, rhs: Self) -> Bool { ConstantTime.equals(lhs.bytes, rhs.bytes) }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Computes the identity hash of `record` for one label, in the given encoding version.
    public static func compute(
        for record: COIRecord, label: LabelParticulars, version: UInt8 = CanonicalIdentityEncoding.currentVersion
    ) throws(IdentityError) -> IdentityHash {
        let message = try CanonicalIdentityEncoding.encode(record, label: label, version: version)
        return IdentityHash(decoded: truncatedMAC(message, key: record.salt.bytes))
    }

    /// The first `byteCount` bytes of HMAC-SHA-256 (RFC 2104) of `message` under `key`: the same function as
    /// `HMAC<SHA256>`, which the vectors in `fixtures/identity-hash/vectors.json` pin.
    ///
    /// HMAC is `SHA256((K ^ opad) | SHA256((K ^ ipad) | message))`, with K the key zero-padded to the 64-byte
    /// block. Built on the concrete `SHA256` type with the padded key on the stack, it avoids what
    /// `HMAC<SHA256>(key:)` costs on every call: a `SymmetricKey`, three key-sized arrays, a third digest context
    /// and generic dispatch.
    static func truncatedMAC(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        let blockSize = SHA256.blockByteCount
        // RFC 2104 first hashes a key longer than a block. A salt is 16 bytes, so this never happens here; if it
        // did, swift-crypto's HMAC takes that path.
        guard key.count <= blockSize else {
            let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
            return mac.withUnsafeBytes { Array($0.prefix(byteCount)) }
        }
        let mac = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: blockSize) { pad in
            /// Sets `pad` to K ^ `pattern` repeated.
            func fill(_ pattern: UInt8) {
                pad.initialize(repeating: pattern)
                for (index, byte) in key.enumerated() { pad[index] = byte ^ pattern }
            }
            fill(0x36)  // ipad
            var inner = SHA256()
            inner.update(bufferPointer: UnsafeRawBufferPointer(pad))
            message.withUnsafeBytes { inner.update(bufferPointer: $0) }
            let innerDigest = inner.finalize()
            fill(0x5C)  // opad
            var outer = SHA256()
            outer.update(bufferPointer: UnsafeRawBufferPointer(pad))
            innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
            return outer.finalize()
        }
        return mac.withUnsafeBytes { Array($0.prefix(byteCount)) }
    }

    /// Recomputes the hash from `record` and compares it, in constant time, with `claimed`.
    public static func matches(
        _ claimed: IdentityHash, record: COIRecord, label: LabelParticulars, version: UInt8
    ) throws(IdentityError) -> Bool {
        try compute(for: record, label: label, version: version) == claimed
    }
}
