/// A step that two distinct operators must sign: one performs it, a second verifies it.
///
/// Steps about one bag happen in order: the bag is labeled at collection, received, then matched at the bedside.
/// A reprint stands alone (it is about a label serial, and may happen at any time after printing).
public enum CriticalStep: String, Sendable, Hashable, Codable, CaseIterable {
    /// Bag labeling at collection (subject: the bag's DIN).
    case collectionLabeling
    /// Receipt at the dock (subject: the bag's DIN).
    case receipt
    /// Bedside match of wristband and bag (subject: the bag's DIN).
    case bedsideMatch
    /// Reprint of a label (subject: the original label's serial).
    case reprint

    /// The step that must be complete for the same subject before this one may be signed.
    public var prerequisite: CriticalStep? {
        switch self {
        case .collectionLabeling, .reprint: return nil
        case .receipt: return .collectionLabeling
        case .bedsideMatch: return .receipt
        }
    }

    /// Whether the step may be completed once per subject only.
    public var once: Bool { self != .reprint }

    /// What each signature means, in signing order (Part 11: the meaning is recorded with each signature).
    public var meanings: [SignatureMeaning] { [.performedBy, .verifiedBy] }

    /// Words for the audit trail and the kiosk.
    public var title: String {
        switch self {
        case .collectionLabeling: return "bag labeling at collection"
        case .receipt: return "receipt"
        case .bedsideMatch: return "bedside match"
        case .reprint: return "reprint"
        }
    }
}

/// What a signature means.
public enum SignatureMeaning: String, Sendable, Hashable, Codable {
    /// "I performed this step."
    case performedBy
    /// "I independently verified this step."
    case verifiedBy
}

/// A badge and PIN presented for one signature.
public struct SignatureInput: Sendable, Hashable, Codable {
    /// Badge identifier.
    public var badge: String
    /// PIN (never stored, never logged).
    public var pin: String

    /// Creates an input.
    public init(badge: String, pin: String) {
        self.badge = badge
        self.pin = pin
    }
}

/// One recorded signature: who (ID and printed name), when, and what it means.
public struct Signature: Sendable, Hashable, Codable {
    /// Operator ID (badge).
    public var operatorID: String
    /// Printed name.
    public var name: String
    /// Meaning.
    public var meaning: SignatureMeaning
    /// When it was recorded (ISO 8601, UTC).
    public var signedAt: String
    /// Sequence number of its audit row.
    public var auditSequence: Int64
}

/// A critical step signed by two distinct operators and recorded in the audit trail.
public struct CompletedStep: Sendable, Hashable, Codable {
    /// The step.
    public var step: CriticalStep
    /// Its subject (DIN or serial).
    public var subject: String
    /// The two signatures, performer first.
    public var signatures: [Signature]
    /// Sequence number of the audit row that closes the step.
    public var auditSequence: Int64
}
