import LabelgateCore
import Ledger

/// What a claim read from an NFC tag must pass besides the identity hash: a genuine tag, and a claim bound to it.
package struct TagCheck: Sendable {
    /// The UID the reader saw (the claim's source).
    var sourceUID: [UInt8]
    /// The evidence parsed from the tag; nil when a claim says it came from a tag but carries none.
    var evidence: TagEvidence?
    /// The makers' keys the gate trusts.
    var trust: OriginalityTrust

    /// The check for `claim`, or nil when it did not come from a tag and carries no tag evidence.
    package init?(claim: Claim, trust: OriginalityTrust) {
        switch claim.source {
        case .nfcTag(let uid): sourceUID = uid
        default:
            guard let evidence = claim.tag else { return nil }
            sourceUID = evidence.uid
        }
        evidence = claim.tag
        self.trust = trust
    }

    /// Nil when the tag is genuine and the claim is bound to its UID under `record`'s salt; otherwise why not.
    package func refusal(record: COIRecord) -> (reason: RefusalReason, detail: String)? {
        guard let evidence, evidence.uid == sourceUID else {
            return (.tagNotBound, "the claim carries no binding to the tag it was read from")
        }
        guard trust.verifier(uid: evidence.uid, signature: evidence.signature, product: evidence.product) != nil else {
            return (.tagNotGenuine, evidence.signature == nil ? "no originality signature" : "originality signature invalid")
        }
        guard TagClaimRecord.verifyBinding(evidence, salt: record.salt) else {
            return (.tagNotBound, "the binding MAC does not match this tag's UID")
        }
        return nil
    }
}
