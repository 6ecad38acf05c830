import LabelgateCore

/// Which printer a label was handed to, and the printer's own job reference (an IPP job URI), if it gave one.
public struct PrintJobReference: Hashable, Sendable, Codable {
    /// The label.
    public var serial: LabelSerial
    /// The configured printer name.
    public var printer: String
    /// The printer's job reference, once known.
    public var job: String?

    /// Creates a reference.
    public init(serial: LabelSerial, printer: String, job: String?) {
        self.serial = serial
        self.printer = printer
        self.job = job
    }
}

/// One label state change of a batch of changes.
public struct LabelTransition: Hashable, Sendable {
    /// The label.
    public var serial: LabelSerial
    /// Its new state.
    public var state: LabelState
    /// Why (required for `voided` and `destroyed`).
    public var reason: String?

    /// Creates a change.
    public init(_ serial: LabelSerial, to state: LabelState, reason: String?) {
        self.serial = serial
        self.state = state
        self.reason = reason
    }
}

/// A print batch's accounting: every serial issued into it must end applied, voided or destroyed before it closes.
public struct BatchReconciliation: Hashable, Sendable, Codable {
    /// The batch name.
    public var batch: String
    /// Serials issued into the batch (reprints included).
    public var issued: Int
    /// Applied to their bags.
    public var applied: Int
    /// Voided.
    public var voided: Int
    /// Destroyed.
    public var destroyed: Int
    /// Serials not yet accounted for, by state (`printed`, `uncertain`, `failed`, `sent`…).
    public var outstanding: [String: Int]
    /// True once the batch was closed.
    public var closed: Bool

    /// True when issued = applied + voided + destroyed.
    public var isBalanced: Bool { issued == applied + voided + destroyed }

    /// Counts `labels` (all of one batch).
    public init(batch: String, labels: [IssuedLabel], closed: Bool) {
        self.batch = batch
        self.closed = closed
        issued = labels.count
        applied = labels.count { $0.state == .applied }
        voided = labels.count { $0.state == .voided }
        destroyed = labels.count { $0.state == .destroyed }
        var open: [String: Int] = [:]
        for label in labels where ![.applied, .voided, .destroyed].contains(label.state) {
            open[label.state.rawValue, default: 0] += 1
        }
        outstanding = open
    }

    /// `issued 5 = applied 3 + voided 1 + destroyed 0; outstanding printed 1`.
    public var summary: String {
        var text = "issued \(issued) = applied \(applied) + voided \(voided) + destroyed \(destroyed)"
        if !outstanding.isEmpty {
            text += "; outstanding " + outstanding.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", ")
        }
        return text
    }
}
