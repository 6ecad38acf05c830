/// Where a label serial is in its life.
///
/// `issued → rendered → sent → printed → applied`, with `voided` and `destroyed` as ends, `failed` when a print
/// did not happen and `uncertain` when it may have (never re-issued automatically).
public enum LabelState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Serial allocated and payload fixed; nothing printed yet.
    case issued
    /// Rendered and read back; not yet sent.
    case rendered
    /// Sent to a printer; not yet confirmed.
    case sent
    /// Confirmed printed.
    case printed
    /// It may or may not have printed (printer fault mid-label).
    case uncertain
    /// Not printed.
    case failed
    /// Applied to its bag.
    case applied
    /// Voided: must never be used.
    case voided
    /// Physically destroyed.
    case destroyed

    /// The states this state may move to.
    public var successors: Set<LabelState> {
        switch self {
        case .issued: return [.rendered, .printed, .failed, .voided]
        case .rendered: return [.sent, .failed, .voided]
        case .sent: return [.printed, .uncertain, .failed]
        case .uncertain: return [.printed, .voided, .destroyed]
        case .failed: return [.voided]
        case .printed: return [.applied, .voided, .destroyed]
        case .applied: return [.voided, .destroyed]
        case .voided: return [.destroyed]
        case .destroyed: return []
        }
    }

    /// True when the label exists on paper and may be scanned into use.
    public var isInCirculation: Bool { self == .printed || self == .applied }
    /// True when the label must never be accepted again.
    public var isRetired: Bool { self == .voided || self == .destroyed }
}
