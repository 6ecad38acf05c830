import Foundation
import LabelgateCore
import Ledger

/// Something that happened in the ledger, as another gateway learns it (a label printed at a collection site is
/// expected at the factory's dock). Events are read from the audit trail, so they carry what the trail carries:
/// identifiers and codes, never patient data.
public struct LedgerEvent: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// A record was added.
        case recordAdded
        /// A record was amended.
        case recordAmended
        /// A serial was issued (state `issued`).
        case labelIssued
        /// A label moved to a new state (`printed`, `applied`, `voided`…).
        case labelStateChanged(LabelState)
        /// A custody event (`received`, `handedOver`…).
        case custody(String)
        /// A scan was decided: accepted or refused.
        case verdict(accepted: Bool)
        /// Any other audited action.
        case other
    }

    /// The audit sequence number of the row this event comes from: events arrive in this order, without gaps.
    public var sequence: Int64
    /// What happened.
    public var kind: Kind
    /// The audited action (`label.printed`…).
    public var action: String
    /// The label's serial, when the event concerns one label.
    public var serial: LabelSerial?
    /// The record's COI identifier, when known.
    public var coi: String?
    /// `kind:id` of whoever did it.
    public var actor: String
    /// When, as the audit trail has it.
    public var timestamp: String

    /// The event an audit row stands for.
    public init(auditRow row: AuditRow) {
        sequence = row.sequence
        action = row.action
        actor = row.actor
        timestamp = row.timestamp
        let details = (try? JSONDecoder().decode([String: String].self, from: Data(row.details.utf8))) ?? [:]
        serial = nil
        coi = details["coi"]
        let parts = row.action.split(separator: ".", maxSplits: 1).map(String.init)
        let verb = parts.count == 2 ? parts[1] : ""
        switch (parts.first ?? "", verb) {
        case ("record", "add"):
            kind = .recordAdded
            coi = row.subject
        case ("record", "amend"):
            kind = .recordAmended
            coi = row.subject
        case ("label", "issue"):
            kind = .labelIssued
            serial = row.subject.flatMap { LabelSerial(text: $0) }
        case ("label", _):
            kind = LabelState(rawValue: verb).map(Kind.labelStateChanged) ?? .other
            serial = row.subject.flatMap { LabelSerial(text: $0) }
        case ("custody", _):
            kind = .custody(verb)
            serial = details["serial"].flatMap { LabelSerial(text: $0) }
        case ("verdict", _):
            kind = .verdict(accepted: verb == "accepted")
            serial = row.subject.flatMap { LabelSerial(text: $0) }
        default:
            kind = .other
        }
    }
}
