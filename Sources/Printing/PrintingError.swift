import LabelgateCore

/// Why a label could not be rendered, read back or printed.
public struct PrintingError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// libzint refused the data (too long for the symbol, invalid characters, a warning under WARN_FAIL_ALL).
        public static let encoding = Code(rawValue: "printing.encoding")
        /// The template is unknown, not approved, or malformed.
        public static let template = Code(rawValue: "printing.template")
        /// Drawing the label failed (Cairo).
        public static let rendering = Code(rawValue: "printing.rendering")
        /// The independent decoder did not read back exactly what was encoded.
        public static let readback = Code(rawValue: "printing.readback")
        /// The printer could not be reached, refused the job, or answered garbage.
        public static let printer = Code(rawValue: "printing.printer")
        /// The spool directory could not be written (disk full, permissions).
        public static let spool = Code(rawValue: "printing.spool")
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
