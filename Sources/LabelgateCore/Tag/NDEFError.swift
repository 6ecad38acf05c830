/// Why bytes read from a tag are not a usable NDEF message or labelgate claim.
public struct NDEFError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// A TLV is cut short, has an unknown type, or its length runs past the end of the tag's memory.
        public static let brokenTLV = Code(rawValue: "ndef.brokenTLV")
        /// No NDEF message TLV, or an empty one.
        public static let noMessage = Code(rawValue: "ndef.noMessage")
        /// A record header or length is inconsistent with the bytes that follow.
        public static let brokenRecord = Code(rawValue: "ndef.brokenRecord")
        /// Chunked records (CF) are not accepted.
        public static let chunked = Code(rawValue: "ndef.chunked")
        /// A well-known record (URI, Text) has an invalid body.
        public static let badWellKnown = Code(rawValue: "ndef.badWellKnown")
        /// The message has no labelgate claim record, or more than one.
        public static let noClaim = Code(rawValue: "ndef.noClaim")
        /// The labelgate claim record is malformed or of an unknown version.
        public static let badClaim = Code(rawValue: "ndef.badClaim")
        /// The message does not fit the tag.
        public static let tooLarge = Code(rawValue: "ndef.tooLarge")
    }

    /// The stable code.
    public let code: Code
    /// Words a person understands; never patient data.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
