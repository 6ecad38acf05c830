/// A parsed scan: the label claim it carries, which profile carried it, and where it came from.
public struct Claim: Hashable, Sendable {
    /// What the label asserts.
    public var label: LabelClaim
    /// Which carrier it arrived in.
    public var profile: LabelProfile
    /// The AIM identifier it arrived with, if any.
    public var aimIdentifier: String?
    /// The device or person it came from.
    public var source: ScanSource
    /// For a claim read from an NFC tag: the tag's UID, originality signature and UID binding, which the gate checks.
    public var tag: TagEvidence?

    /// Creates a claim.
    public init(
        label: LabelClaim, profile: LabelProfile, aimIdentifier: String?, source: ScanSource, tag: TagEvidence? = nil
    ) {
        self.label = label
        self.tag = tag
        self.profile = profile
        self.aimIdentifier = aimIdentifier
        self.source = source
    }
}
