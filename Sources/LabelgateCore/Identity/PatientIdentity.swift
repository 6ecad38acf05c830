/// The patient's identity fields. They live only in the COI record, never on a label, in a log or in a payload.
///
/// `description` and `debugDescription` are redacted so that string interpolation cannot leak them into a log.
public struct PatientIdentity: Hashable, Sendable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Family name as registered.
    public var familyName: String
    /// Given name(s) as registered.
    public var givenName: String
    /// Date of birth, `YYYY-MM-DD`.
    public var dateOfBirth: String
    /// Hospital medical record number, if the site records one.
    public var medicalRecordNumber: String?

    /// Creates patient identity fields.
    public init(familyName: String, givenName: String, dateOfBirth: String, medicalRecordNumber: String? = nil) {
        self.familyName = familyName
        self.givenName = givenName
        self.dateOfBirth = dateOfBirth
        self.medicalRecordNumber = medicalRecordNumber
    }

    /// Always `<patient identity redacted>`.
    public var description: String { "<patient identity redacted>" }
    /// Always `<patient identity redacted>`.
    public var debugDescription: String { description }

    /// The names of the fields that differ between two identities (never their values).
    public func changedFields(comparedTo other: PatientIdentity) -> [String] {
        var changed: [String] = []
        if CanonicalText.normalize(familyName) != CanonicalText.normalize(other.familyName) { changed.append("familyName") }
        if CanonicalText.normalize(givenName) != CanonicalText.normalize(other.givenName) { changed.append("givenName") }
        if dateOfBirth != other.dateOfBirth { changed.append("dateOfBirth") }
        if CanonicalText.normalize(medicalRecordNumber ?? "") != CanonicalText.normalize(other.medicalRecordNumber ?? "") {
            changed.append("medicalRecordNumber")
        }
        return changed
    }
}
