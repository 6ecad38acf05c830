/// Why a COI record, its canonical encoding or an identity hash could not be built or read.
///
/// Equality is on the code only; the reason is for people and never contains patient data.
public struct IdentityError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// A required field is empty.
        public static let missingField = Code(rawValue: "identity.missingField")
        /// A field is longer than the canonical encoding allows.
        public static let fieldTooLong = Code(rawValue: "identity.fieldTooLong")
        /// A field holds characters or a shape it may not (control characters, a malformed date).
        public static let invalidField = Code(rawValue: "identity.invalidField")
        /// The per-record salt is not 16 bytes.
        public static let badSalt = Code(rawValue: "identity.badSalt")
        /// An identity hash of the wrong length or alphabet.
        public static let badHash = Code(rawValue: "identity.badHash")
        /// A hash or encoding version this build does not know.
        public static let unsupportedVersion = Code(rawValue: "identity.unsupportedVersion")
    }

    /// The stable code.
    public let code: Code
    /// Words a person understands.
    public let reason: String

    /// Creates an error with a code and a reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

}
