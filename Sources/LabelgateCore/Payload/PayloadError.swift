/// Why a label payload could not be produced.
public struct PayloadError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// The payload format configuration is not legal.
        public static let badFormat = Code(rawValue: "payload.badFormat")
        /// The record lacks a field the profile needs (for example a GTIN for GS1).
        public static let missingField = Code(rawValue: "payload.missingField")
        /// The standard's encoder rejected a value.
        public static let invalidValue = Code(rawValue: "payload.invalidValue")
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
