import LabelgateCore

/// Why an NFC operation failed, as a stable code.
public struct TagError: CodedError {
    /// What went wrong.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// The reader could not be opened, or it went away (unplugged, I/O error).
        public static let readerUnavailable = Code(rawValue: "tags.readerUnavailable")
        /// No tag answered within the time allowed.
        public static let noTag = Code(rawValue: "tags.noTag")
        /// The tag left the field during an operation.
        public static let removed = Code(rawValue: "tags.removed")
        /// Another tag than the expected one is in the field.
        public static let otherTag = Code(rawValue: "tags.otherTag")
        /// The tag answered with a NAK (page out of range, protected page, wrong password).
        public static let refused = Code(rawValue: "tags.refused")
        /// PWD_AUTH failed or answered an unexpected PACK.
        public static let authenticationFailed = Code(rawValue: "tags.authenticationFailed")
        /// The tag is not an NTAG21x or MIFARE Ultralight.
        public static let unsupportedTag = Code(rawValue: "tags.unsupportedTag")
        /// What was read back differs from what was written.
        public static let verifyFailed = Code(rawValue: "tags.verifyFailed")
        /// The tag's data area is not usable (broken TLVs, lengths past the end of memory).
        public static let badData = Code(rawValue: "tags.badData")
        /// The operation was cancelled (nfc_abort_command).
        public static let aborted = Code(rawValue: "tags.aborted")
        /// The session was closed.
        public static let closed = Code(rawValue: "tags.closed")
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
