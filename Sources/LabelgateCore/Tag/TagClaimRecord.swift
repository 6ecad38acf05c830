import Crypto

/// The labelgate claim on a tag: one NDEF external-type record `labelgate.org:claim`, bound to the tag's UID.
///
/// Record payload (version 1):
///
///     01 | AIM identifier (3 ASCII bytes, e.g. "]d2") | payload length (2 bytes, big-endian) | label payload
///        | binding MAC (16 bytes)
///
/// The label payload is exactly the bytes of the label's 2-D symbol. The binding MAC is the first 16 bytes of
/// HMAC-SHA-256, keyed with the record's secret salt (which only the ledger holds), over
/// `"labelgate.org:claim" 00 | UID length | UID | everything in the record payload before the MAC`.
/// Only the gate can compute it; the same bytes on another UID, or any changed byte, fail it.
public enum TagClaimRecord {
    /// The NDEF external type.
    public static let type = "labelgate.org:claim"
    /// The record format version.
    public static let version: UInt8 = 1
    /// Length of the binding MAC.
    public static let macLength = 16
    static let domain = Array("labelgate.org:claim".utf8) + [0]

    /// The record payload's bound part (everything before the MAC) for a label payload.
    public static func boundBytes(aimIdentifier: String, payload: [UInt8]) throws(NDEFError) -> [UInt8] {
        let aim = Array(aimIdentifier.utf8)
        guard aim.count == 3 else { throw NDEFError(.badClaim, "an AIM identifier is 3 characters") }
        guard payload.count <= 0xFFFF else { throw NDEFError(.tooLarge, "the label payload is too long") }
        return [version] + aim + [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
    }

    /// The binding MAC over `uid` and `boundBytes`, keyed with the record's salt.
    public static func bindingMAC(uid: [UInt8], boundBytes: [UInt8], salt: IdentitySalt) -> [UInt8] {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: salt.bytes))
        mac.update(data: domain)
        mac.update(data: [UInt8(uid.count)] + uid)
        mac.update(data: boundBytes)
        return Array(mac.finalize()).prefix(macLength).map { $0 }
    }

    /// True when `evidence` carries the MAC the record's salt gives for its UID and bytes (constant time).
    public static func verifyBinding(_ evidence: TagEvidence, salt: IdentitySalt) -> Bool {
        let expected = bindingMAC(uid: evidence.uid, boundBytes: evidence.boundBytes, salt: salt)
        return ConstantTime.equals(expected, evidence.bindingMAC)
    }

    /// The NDEF message written to a tag: the claim record alone.
    public static func message(boundBytes: [UInt8], mac: [UInt8]) -> NDEFMessage {
        NDEFMessage(records: [.external(type, payload: boundBytes + mac)])
    }

    /// Finds the one claim record in `message` and splits it into AIM identifier, label payload, bound bytes and MAC.
    public static func decode(_ message: NDEFMessage) throws(NDEFError)
        -> (aimIdentifier: String, payload: [UInt8], boundBytes: [UInt8], mac: [UInt8])
    {
        let expectedType = Array(type.utf8)
        let claims = message.records.filter {
            $0.format == .external && $0.type.map { $0 | 0x20 } == expectedType.map { $0 | 0x20 }
        }
        guard claims.count == 1, let record = claims.first else {
            throw NDEFError(.noClaim, "the tag holds \(claims.count) labelgate claim records; exactly one is needed")
        }
        let bytes = record.payload
        guard bytes.count >= 6 + macLength else { throw NDEFError(.badClaim, "the claim record is too short") }
        guard bytes[0] == version else { throw NDEFError(.badClaim, "unknown claim record version \(bytes[0])") }
        let length = Int(bytes[4]) << 8 | Int(bytes[5])
        guard bytes.count == 6 + length + macLength else {
            throw NDEFError(.badClaim, "the claim record's payload length disagrees with its size")
        }
        guard let aim = String(validating: bytes[1..<4], as: UTF8.self), aim.utf8.first == UInt8(ascii: "]") else {
            throw NDEFError(.badClaim, "the claim record's AIM identifier is malformed")
        }
        let bound = Array(bytes[0..<(6 + length)])
        return (aim, Array(bytes[6..<(6 + length)]), bound, Array(bytes[(6 + length)...]))
    }

    /// Parses a tag reading into a claim: TLVs → NDEF message → claim record → label payload through `parser`.
    ///
    /// The claim's source is the tag's UID and it carries the `TagEvidence` the gate checks (binding MAC and
    /// originality signature). Throws `NDEFError` for the tag layers and `ClaimError` for the label payload.
    public static func claim(from reading: TagReading, parser: ScanParser) throws -> Claim {
        let message = try NDEFMessage.decode(Type2TLV.ndefMessage(in: reading.dataArea))
        let (aim, payload, bound, mac) = try decode(message)
        var claim = try parser.parse(Scan(bytes: payload, aimIdentifier: aim, source: .nfcTag(uid: reading.uid)))
        claim.tag = TagEvidence(
            uid: reading.uid, product: reading.product, signature: reading.signature, boundBytes: bound,
            bindingMAC: mac)
        return claim
    }
}
