import LabelgateCore
import Ledger

/// Why the gate would not issue a label.
public struct GateError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// No record with that COI identifier.
        public static let unknownRecord = Code(rawValue: "gate.unknownRecord")
        /// The DIN is not one of the record's bags.
        public static let dinNotInRecord = Code(rawValue: "gate.dinNotInRecord")
        /// The identity hash a request wants printed differs from the record's: refused, never overridable.
        public static let hashMismatch = Code(rawValue: "gate.hashMismatch")
        /// The rendered label did not read back, with the independent decoder, exactly as the verified payload.
        public static let readBackMismatch = Code(rawValue: "gate.readBackMismatch")
        /// The payload could not be built for this profile.
        public static let payload = Code(rawValue: "gate.payload")
        /// The ledger failed.
        public static let ledger = Code(rawValue: "gate.ledger")
        /// The record's identity fields are not valid.
        public static let identity = Code(rawValue: "gate.identity")
        /// The station may not do this.
        public static let wrongStation = Code(rawValue: "gate.wrongStation")
        /// The NFC tag could not be identified or written (removed, refused a write, reader gone).
        public static let tag = Code(rawValue: "gate.tag")
        /// The NFC tag's originality signature does not verify: it is not encoded.
        public static let tagNotGenuine = Code(rawValue: "gate.tagNotGenuine")
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

    init(_ error: LedgerError) { self.init(.ledger, error.description) }

    /// Whether the gate refused (a mismatch, a counterfeit tag, a step its rules forbid), as opposed to failing to
    /// decide: the ledger or the hardware did not answer, or the record or serial does not exist. The CLI exits 3
    /// on every refusal.
    public var isRefusal: Bool {
        ![.ledger, .tag, .unknownRecord, .unknownSerial].contains(code)
    }
}
