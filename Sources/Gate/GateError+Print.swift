import Ledger

extension GateError.Code {
    /// A reprint needs a second, distinct operator as witness.
    public static let witnessRequired = GateError.Code(rawValue: "gate.witnessRequired")
    /// The step needs a reason (reprint, void, destroy).
    public static let reasonRequired = GateError.Code(rawValue: "gate.reasonRequired")
    /// No label with that serial.
    public static let unknownSerial = GateError.Code(rawValue: "gate.unknownSerial")
    /// The label's state does not allow the step (a label still at the printer cannot be reprinted…).
    public static let invalidState = GateError.Code(rawValue: "gate.invalidState")
    /// A print batch cannot close: issued ≠ applied + voided + destroyed.
    public static let unreconciledBatch = GateError.Code(rawValue: "gate.unreconciledBatch")
    /// The print batch is closed and takes no new label.
    public static let batchClosed = GateError.Code(rawValue: "gate.batchClosed")
}

extension GateError {
    /// Maps a ledger error on a label step to the gate's words.
    init(labelStep error: LedgerError) {
        switch error.code {
        case .notFound: self.init(.unknownSerial, error.reason)
        case .invalidTransition: self.init(.invalidState, error.reason)
        case .invalidInput: self.init(.reasonRequired, error.reason)
        case .unreconciled: self.init(.unreconciledBatch, error.reason)
        default: self.init(error)
        }
    }
}
