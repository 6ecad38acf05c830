/// Who did something: an authenticated operator, a station (device-driven), or labelgate itself.
public struct Actor: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind of actor.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A person, by operator ID.
        case `operator`
        /// A station acting for whoever is present (a scanner at a dock).
        case station
        /// labelgate itself (migrations, recovery).
        case system
    }

    /// The kind.
    public var kind: Kind
    /// Operator ID, station ID or component name.
    public var id: String

    /// Creates an actor.
    public init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    /// `kind:id`, as written to the audit trail.
    public var description: String { "\(kind.rawValue):\(id)" }

    /// Parses `kind:id`.
    public init?(auditName: String) {
        guard let colon = auditName.firstIndex(of: ":"),
            let kind = Kind(rawValue: String(auditName[..<colon]))
        else { return nil }
        self.init(kind, String(auditName[auditName.index(after: colon)...]))
    }

    /// labelgate itself.
    public static let system = Actor(.system, "labelgate")
}
