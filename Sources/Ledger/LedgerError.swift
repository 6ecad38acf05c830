import LabelgateCore

/// Why the ledger could not do what was asked.
public struct LedgerError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// The database could not be opened, read or written (I/O, locked, down).
        public static let unavailable = Code(rawValue: "ledger.unavailable")
        /// The thing asked for does not exist.
        public static let notFound = Code(rawValue: "ledger.notFound")
        /// It already exists (a record, a DIN).
        public static let conflict = Code(rawValue: "ledger.conflict")
        /// A label state change the lifecycle does not allow.
        public static let invalidTransition = Code(rawValue: "ledger.invalidTransition")
        /// The database refused a change that would break an integrity rule (append-only, immutable columns).
        public static let integrity = Code(rawValue: "ledger.integrity")
        /// Stored data could not be decoded.
        public static let corrupt = Code(rawValue: "ledger.corrupt")
        /// The input is not acceptable (empty reason, bad value).
        public static let invalidInput = Code(rawValue: "ledger.invalidInput")
        /// A print batch cannot be closed: issued differs from applied + voided + destroyed.
        public static let unreconciled = Code(rawValue: "ledger.unreconciled")
        /// The ledger's file system is full: nothing was written; it works again once there is space.
        public static let full = Code(rawValue: "ledger.full")
        /// The ledger's storage failed (an I/O error): nothing of the failed transaction was written.
        public static let ioError = Code(rawValue: "ledger.ioError")
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
