import Ledger

/// A place where labels are printed or scanned, and what it is allowed to decide.
public struct Station: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What the station is for.
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
        /// Issues and prints labels; may verify its own output.
        case printStation
        /// Receives bags from a courier or a collection site.
        case receivingDock
        /// Matches a bag to the patient before infusion.
        case bedside
        /// Offline verification (the CLI): checks a payload against the ledger, including labels not yet printed.
        case verification
    }

    /// Station identifier (appears in the audit trail).
    public var id: String
    /// Its role.
    public var role: Role

    /// Creates a station.
    public init(id: String, role: Role) {
        self.id = id
        self.role = role
    }

    /// `id (role)`.
    public var description: String { "\(id) (\(role.rawValue))" }

    /// True when this station may accept a label in `state`: a dock or a bedside only sees printed labels.
    func admits(_ state: LabelState) -> Bool {
        switch role {
        case .receivingDock, .bedside: return state.isInCirculation
        case .printStation, .verification: return !state.isRetired && state != .failed && state != .uncertain
        }
    }
}
