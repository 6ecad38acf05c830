import Foundation

/// The gate's decision about one claim at one station. It never carries patient data.
public struct Verdict: Hashable, Sendable, Codable {
    /// Accepted or refused.
    public enum Outcome: String, Hashable, Sendable, Codable {
        /// The label matches its record and may be used.
        case accepted
        /// The label may not be used.
        case refused
    }

    /// Accepted or refused.
    public var outcome: Outcome
    /// The reason for a refusal; nil when accepted.
    public var reason: RefusalReason?
    /// Words for the person at the station.
    public var message: String
    /// Technical detail for an engineer (a parser's reason); never patient data.
    public var detail: String?
    /// The station that asked.
    public var station: String
    /// COI identifier content, when the claim named one.
    public var coi: String?
    /// 13-character DIN, when the claim named one.
    public var din: String?
    /// Label serial, when the claim named one.
    public var serial: String?
    /// Sequence number of the audit row that records this verdict.
    public var auditSequence: Int64?
    /// When the gate decided.
    public var decidedAt: Date

    /// True when accepted.
    public var isAccepted: Bool { outcome == .accepted }

    /// An acceptance.
    public static func accepted(
        station: String, claim: LabelClaim, at date: Date, message: String = "Label matches its record."
    ) -> Verdict {
        Verdict(
            outcome: .accepted, reason: nil, message: message, detail: nil, station: station,
            coi: claim.coi.content, din: claim.din.identifier, serial: claim.serial.text, auditSequence: nil,
            decidedAt: date)
    }

    /// A refusal; `claim` names the label when one was parsed.
    public static func refused(
        _ reason: RefusalReason, station: String, claim: LabelClaim? = nil, detail: String? = nil, at date: Date
    ) -> Verdict {
        Verdict(
            outcome: .refused, reason: reason, message: reason.explanation, detail: detail, station: station,
            coi: claim?.coi.content, din: claim?.din.identifier, serial: claim?.serial.text, auditSequence: nil,
            decidedAt: date)
    }
}
