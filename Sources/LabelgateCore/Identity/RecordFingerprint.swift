import Crypto

/// A record-level identity hash: what a print request names to say which version of which record it was prepared
/// from. The gate recomputes it from the ledger and refuses the print if it differs (wrong or stale record).
///
/// `HMAC-SHA-256(salt, "labelgate.record" 0x00 | version | the record fields of the canonical encoding)`, first
/// 20 bytes, base32. It reveals nothing about the patient, like the label hash.
public enum RecordFingerprint {
    private static let domain = Array("labelgate.record".utf8) + [0x00]

    /// The fingerprint of `record` in encoding `version`.
    public static func compute(
        for record: COIRecord, version: UInt8 = CanonicalIdentityEncoding.currentVersion
    ) throws(IdentityError) -> IdentityHash {
        let full = try CanonicalIdentityEncoding.encode(record, label: nil, version: version)
        var message = domain
        message.append(contentsOf: full.dropFirst(CanonicalIdentityEncoding.domain.count))
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: record.salt.bytes))
        return try IdentityHash(bytes: Array(Array(mac).prefix(IdentityHash.byteCount)))
    }
}
