/// Why a scan did not yield a claim. Every parser failure maps to one of these codes.
public struct ClaimError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// Nothing was read.
        public static let empty = Code(rawValue: "claim.empty")
        /// More than `ScanParser.maximumLength` bytes.
        public static let tooLong = Code(rawValue: "claim.tooLong")
        /// The bytes are not valid UTF-8.
        public static let invalidUTF8 = Code(rawValue: "claim.invalidUTF8")
        /// A control character other than GS.
        public static let controlCharacter = Code(rawValue: "claim.controlCharacter")
        /// Neither GS1 nor ISBT 128, or an AIM identifier labelgate does not read.
        public static let unknownFormat = Code(rawValue: "claim.unknownFormat")
        /// An ISBT 128 check character (mod 37-2) is wrong.
        public static let badCheckCharacter = Code(rawValue: "claim.badCheckCharacter")
        /// A GS1 mod-10 check digit is wrong.
        public static let badCheckDigit = Code(rawValue: "claim.badCheckDigit")
        /// A structure or element is cut short.
        public static let truncated = Code(rawValue: "claim.truncated")
        /// A structure is present but malformed, duplicated or unexpected.
        public static let malformed = Code(rawValue: "claim.malformed")
        /// A well-formed code that carries no identity hash (a linear DIN, a plain GTIN).
        public static let insufficient = Code(rawValue: "claim.insufficient")
        /// The identity hash has the wrong length or alphabet.
        public static let badHash = Code(rawValue: "claim.badHash")
        /// A hash version this build does not know.
        public static let unsupportedVersion = Code(rawValue: "claim.unsupportedVersion")
    }

    /// The stable code.
    public let code: Code
    /// Words a person understands.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
