import LabelgateCore
import Ledger

/// Why a critical step, a bedside match or a manifest operation was refused.
public struct WorkflowError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// A badge the operator directory does not know, or a wrong PIN (not told apart, on purpose).
        public static let badCredentials = Code(rawValue: "workflow.badCredentials")
        /// The step needs two signatures and got another number.
        public static let signaturesMissing = Code(rawValue: "workflow.signaturesMissing")
        /// The same person signed twice.
        public static let sameOperator = Code(rawValue: "workflow.sameOperator")
        /// The step's prerequisite step has not been completed for this subject.
        public static let outOfOrder = Code(rawValue: "workflow.outOfOrder")
        /// The step was already completed for this subject.
        public static let alreadyDone = Code(rawValue: "workflow.alreadyDone")
        /// The wristband and the bag resolve to different COI records (or one of them to none).
        public static let bedsideMismatch = Code(rawValue: "workflow.bedsideMismatch")
        /// The bag's label was refused by the gate.
        public static let labelRefused = Code(rawValue: "workflow.labelRefused")
        /// The wristband could not be read as a COI identifier.
        public static let badWristband = Code(rawValue: "workflow.badWristband")
        /// No open shipment with that identifier, or one is already open under it.
        public static let shipment = Code(rawValue: "workflow.shipment")
        /// The audit trail could not record a signature or a flag: the step does not count.
        public static let ledger = Code(rawValue: "workflow.ledger")
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
