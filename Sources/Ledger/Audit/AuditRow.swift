/// A row of the append-only audit trail, linked to the one before it by `previousHash`.
public struct AuditRow: Hashable, Sendable {
    /// Position in the chain, starting at 1, without gaps.
    public var sequence: Int64
    /// When, ISO 8601 UTC with milliseconds.
    public var timestamp: String
    /// `kind:id` of the actor.
    public var actor: String
    /// Dotted action.
    public var action: String
    /// Subject, if any.
    public var subject: String?
    /// Reason, if any.
    public var reason: String?
    /// Compact JSON details.
    public var details: String
    /// Hash of the previous row (32 zero bytes for the first).
    public var previousHash: [UInt8]
    /// SHA-256 over this row's canonical encoding, including `previousHash`.
    public var hash: [UInt8]

    /// Creates a row.
    public init(
        sequence: Int64, timestamp: String, actor: String, action: String, subject: String?, reason: String?,
        details: String, previousHash: [UInt8], hash: [UInt8]
    ) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }
}
