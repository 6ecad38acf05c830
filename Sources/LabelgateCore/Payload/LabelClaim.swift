/// What a label asserts about itself: the identifiers it carries and the identity hash over them.
///
/// A `LabelClaim` holds no patient data. It is produced from a record when a label is issued and parsed back from
/// a scan or a tag; the gate compares the two.
public struct LabelClaim: Hashable, Sendable {
    /// Chain of Identity identifier.
    public var coi: ChainOfIdentityID
    /// DIN with the flags printed on this label.
    public var din: DIN
    /// Product code.
    public var productCode: ProductCode
    /// Label serial.
    public var serial: LabelSerial
    /// Version of the canonical encoding the hash was computed with.
    public var hashVersion: UInt8
    /// The identity hash.
    public var hash: IdentityHash
    /// GTIN (GS1 profile only).
    public var gtin: String?

    /// Creates a claim.
    public init(
        coi: ChainOfIdentityID, din: DIN, productCode: ProductCode, serial: LabelSerial, hashVersion: UInt8,
        hash: IdentityHash, gtin: String? = nil
    ) {
        self.coi = coi
        self.din = din
        self.productCode = productCode
        self.serial = serial
        self.hashVersion = hashVersion
        self.hash = hash
        self.gtin = gtin
    }

    /// The label particulars (DIN with flags and serial) that entered the hash.
    public var particulars: LabelParticulars { LabelParticulars(din: din, serial: serial) }

    /// Builds the claim a genuine label for `record` carries: the hash is computed from the record.
    public static func issue(
        for record: COIRecord, label: LabelParticulars, version: UInt8 = CanonicalIdentityEncoding.currentVersion
    ) throws(IdentityError) -> LabelClaim {
        guard record.din(identifier: label.din.identifier) != nil else {
            throw IdentityError(.invalidField, "DIN \(label.din.identifier) does not belong to record \(record.coi.content)")
        }
        let hash = try IdentityHash.compute(for: record, label: label, version: version)
        return LabelClaim(
            coi: record.coi, din: label.din, productCode: record.productCode, serial: label.serial,
            hashVersion: version, hash: hash, gtin: record.gtin)
    }
}
