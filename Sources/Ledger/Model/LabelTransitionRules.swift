import Foundation

extension IssuedLabel {
    /// Checks that this label may move to `state` and returns the audit entry of the move, which every backend
    /// writes in the transaction that makes it.
    ///
    /// `state` must be one of the label's successors (`invalidTransition`), and a retired state (voided,
    /// destroyed) needs a reason (`invalidInput`).
    package func transitionEntry(to state: LabelState, by actor: Actor, reason: String?) throws(LedgerError)
        -> AuditEntry
    {
        guard self.state.successors.contains(state) else {
            throw LedgerError(.invalidTransition, "a label that is \(self.state.rawValue) cannot become \(state.rawValue)")
        }
        if state.isRetired && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw LedgerError(.invalidInput, "a label is only \(state.rawValue) with a reason")
        }
        return AuditEntry(
            actor: actor, action: "label.\(state.rawValue)", subject: serial.text, reason: reason,
            details: ["from": self.state.rawValue, "coi": coi.content])
    }
}

extension BatchReconciliation {
    /// Checks that the batch may close and returns the `batch.closed` audit entry with its counts.
    ///
    /// A batch without labels is `notFound`; one whose issued serials are not all applied, voided or destroyed is
    /// `unreconciled`.
    package func closingEntry(by actor: Actor, reason: String?) throws(LedgerError) -> AuditEntry {
        guard issued > 0 else { throw LedgerError(.notFound, "print batch \(batch) has no labels") }
        guard isBalanced else {
            throw LedgerError(.unreconciled, "print batch \(batch) does not reconcile: \(summary)")
        }
        return AuditEntry(
            actor: actor, action: "batch.closed", subject: batch, reason: reason,
            details: [
                "issued": String(issued), "applied": String(applied), "voided": String(voided),
                "destroyed": String(destroyed),
            ])
    }
}
