import LabelgateCore

/// One thing to write to the audit trail: who, what, about what, why, and non-PHI detail.
public struct AuditEntry: Hashable, Sendable {
    /// Who did it.
    public var actor: Actor
    /// What happened, as a dotted action (`record.add`, `label.issue`, `verdict.accepted`…).
    public var action: String
    /// What it happened to (a COI, a serial), if anything.
    public var subject: String?
    /// Why (a refusal code, an operator's stated reason), if given.
    public var reason: String?
    /// Further detail. Never patient data: identifiers, codes, counts, digests.
    public var details: [String: String]

    /// Creates an entry.
    public init(actor: Actor, action: String, subject: String? = nil, reason: String? = nil, details: [String: String] = [:]) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.details = details
    }

    /// The details as compact JSON with sorted keys: the exact text stored and hashed.
    public var detailsJSON: String {
        var text = JSONText(capacity: 64 * details.count + 2)
        text.beginObject()
        for (key, value) in details.sorted(by: { $0.key < $1.key }) {
            text.member(key, value)
        }
        text.endObject()
        return text.string
    }

    /// Checks that every field can be stored exactly as it is hashed. SQLite's C API reads text up to its first NUL
    /// and PostgreSQL refuses NUL in text, so a NUL would leave a row whose stored content no longer matches its
    /// hash: one hostile field would break the trail's proof. Such an entry is refused before anything is written.
    public func checkStorable() throws(LedgerError) {
        let texts: [String?] = [actor.description, action, subject, reason] + details.flatMap { [$0.key, $0.value] }
        for case let text? in texts where text.utf8.contains(0) {
            throw LedgerError(.invalidInput, "audit text may not contain a NUL character")
        }
    }
}

extension Array where Element == AuditEntry {
    /// Checks every entry (`AuditEntry.checkStorable()`).
    public func checkStorable() throws(LedgerError) {
        for entry in self { try entry.checkStorable() }
    }
}
