/// A chain-of-identity record: one patient therapy event and the donations that belong to it.
///
/// The record is the only place the patient's identity fields live. Labels carry the COI identifier, a DIN, the
/// product code, a serial and the identity hash; the hash can only be recomputed from this record.
public struct COIRecord: Hashable, Sendable {
    /// ISBT 128 Chain of Identity identifier (DS 040); the record's key.
    public var coi: ChainOfIdentityID
    /// The donations (bags) of this therapy event, as 13-character DINs without flags.
    public var dins: [DIN]
    /// ISBT 128 product code of the collection product.
    public var productCode: ProductCode
    /// Collection facility: its FIN or a site code. Never a person.
    public var collectionFacility: String
    /// Collection date and time with its UTC offset, ISO 8601 (`2026-11-25T08:30-05:00`).
    public var collectionDate: String
    /// GTIN used by the GS1 label profile, if the site labels with GS1.
    public var gtin: String?
    /// The patient's identity fields (PHI).
    public var patient: PatientIdentity
    /// The per-record secret that keys the identity hash.
    public var salt: IdentitySalt
    /// Revision number, incremented by every amendment.
    public var revision: Int

    /// Creates and validates a record.
    public init(
        coi: ChainOfIdentityID, dins: [DIN], productCode: ProductCode, collectionFacility: String,
        collectionDate: String, gtin: String? = nil, patient: PatientIdentity, salt: IdentitySalt, revision: Int = 1
    ) throws(IdentityError) {
        self.coi = coi
        self.dins = dins.map { $0.with(flags: .notUsed) }
        self.productCode = productCode
        self.collectionFacility = collectionFacility
        self.collectionDate = collectionDate
        self.gtin = gtin
        self.patient = patient
        self.salt = salt
        self.revision = revision
        try validate()
    }

    /// Rebuilds a record that was validated when it was stored (the ledger's read path), without validating again.
    package init(
        stored coi: ChainOfIdentityID, dins: [DIN], productCode: ProductCode, collectionFacility: String,
        collectionDate: String, gtin: String?, patient: PatientIdentity, salt: IdentitySalt, revision: Int
    ) {
        self.coi = coi
        self.dins = dins
        self.productCode = productCode
        self.collectionFacility = collectionFacility
        self.collectionDate = collectionDate
        self.gtin = gtin
        self.patient = patient
        self.salt = salt
        self.revision = revision
    }

    /// Checks every field against the rules of the canonical encoding.
    public func validate() throws(IdentityError) {
        guard !dins.isEmpty else { throw IdentityError(.missingField, "a record needs at least one DIN") }
        guard Set(dins.map(\.identifier)).count == dins.count else {
            throw IdentityError(.invalidField, "a DIN is listed twice in the record")
        }
        try Self.requireText(collectionFacility, field: "collectionFacility")
        guard IdentityDate.isDateTimeWithOffset(collectionDate) else {
            throw IdentityError(.invalidField, "collectionDate must be ISO 8601 with a UTC offset, e.g. 2026-11-25T08:30-05:00")
        }
        try Self.requireText(patient.familyName, field: "patient.familyName")
        try Self.requireText(patient.givenName, field: "patient.givenName")
        guard IdentityDate.isCalendarDate(patient.dateOfBirth) else {
            throw IdentityError(.invalidField, "patient.dateOfBirth must be YYYY-MM-DD")
        }
        if let mrn = patient.medicalRecordNumber, !mrn.isEmpty { try Self.requireText(mrn, field: "patient.medicalRecordNumber") }
        if let gtin {
            guard gtin.utf8.count == 14, GS1CheckDigit.isValid(gtin) else {
                throw IdentityError(.invalidField, "gtin must be 14 digits with a valid GS1 check digit")
            }
        }
    }

    /// The DIN of this record with the given 13-character identifier, if it belongs here.
    public func din(identifier: String) -> DIN? { dins.first { $0.identifier == identifier } }

    private static func requireText(_ text: String, field: String) throws(IdentityError) {
        let normalized = CanonicalText.normalize(text)
        guard !normalized.isEmpty else { throw IdentityError(.missingField, "\(field) is empty") }
        guard !CanonicalText.containsControlCharacter(text) else {
            throw IdentityError(.invalidField, "\(field) contains a control character")
        }
        guard normalized.utf8.count <= CanonicalIdentityEncoding.maximumFieldBytes else {
            throw IdentityError(.fieldTooLong, "\(field) is longer than \(CanonicalIdentityEncoding.maximumFieldBytes) bytes")
        }
    }
}

extension COIRecord: CustomStringConvertible, CustomDebugStringConvertible {
    /// Identifiers only: `COIRecord(CHA999926AB12CD rev 1, 2 DINs)`. Patient fields never appear.
    public var description: String { "COIRecord(\(coi.content) rev \(revision), \(dins.count) DINs)" }
    /// Same as `description`.
    public var debugDescription: String { description }
}
