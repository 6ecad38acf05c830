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
        guard let bytes = Base32.decode(text) else {
            throw IdentityError(.badHash, "the identity hash has characters outside the base32 alphabet")
        }
        try self.init(bytes: bytes)
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
        let key = SymmetricKey(data: record.salt.bytes)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return try IdentityHash(bytes: Array(Array(mac).prefix(byteCount)))
    }

    /// Recomputes the hash from `record` and compares it, in constant time, with `claimed`.
    public static func matches(
        _ claimed: IdentityHash, record: COIRecord, label: LabelParticulars, version: UInt8
    ) throws(IdentityError) -> Bool {
        try compute(for: record, label: label, version: version) == claimed
    }
}
