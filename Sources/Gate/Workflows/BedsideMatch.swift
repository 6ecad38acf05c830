import Foundation
import LabelgateCore
import Ledger

/// The result of a bedside match: the gate's verdict on the bag, and whether the wristband names the same record.
public struct BedsideMatchResult: Sendable, Hashable, Codable {
    /// The gate's (audited) verdict on the bag's label.
    public var verdict: Verdict
    /// Whether the wristband and the bag resolve to the same COI record.
    public var matched: Bool
    /// Sequence number of the `bedside.matched` / `bedside.mismatch` audit row.
    public var auditSequence: Int64?
}

extension Gate {
    /// Bedside match: the bag's label goes through `accept` at the bedside station (audited like any scan), the
    /// wristband is read as a COI identifier, and the two must name the same record. Anything else is refused with
    /// `workflow.bedsideMismatch` (or `workflow.labelRefused` / `workflow.badWristband`), audited.
    ///
    /// The wristband carries the COI identifier: its ISBT 128 data structure (`&/…`, optionally after a `=` or
    /// an AIM prefix) or the bare content.
    public func bedsideMatch(
        wristband: Scan, bag: Scan, at station: Station, by actor: Actor? = nil
    ) async throws(WorkflowError) -> BedsideMatchResult {
        let verdict = await accept(bag, at: station, by: actor)
        let who = actor ?? Actor(.station, station.id)
        guard verdict.isAccepted, let bagCOI = verdict.coi else {
            _ = await auditBedside("bedside.refused", verdict: verdict, reason: "labelRefused", by: who)
            throw WorkflowError(.labelRefused, "the bag's label was refused: \(verdict.message)")
        }
        guard let wristbandCOI = Self.wristbandCOI(wristband) else {
            _ = await auditBedside("bedside.refused", verdict: verdict, reason: "badWristband", by: who)
            throw WorkflowError(.badWristband, "the wristband does not carry a chain-of-identity identifier")
        }
        guard ConstantTime.equals(Array(wristbandCOI.content.utf8), Array(bagCOI.utf8)) else {
            _ = await auditBedside("bedside.mismatch", verdict: verdict, reason: "bedsideMismatch", by: who)
            logger.warning("bedside mismatch", metadata: ["station": "\(station.id)"])
            throw WorkflowError(.bedsideMismatch, "the wristband and the bag belong to different records: do not infuse")
        }
        let sequence = await auditBedside("bedside.matched", verdict: verdict, reason: nil, by: who)
        guard let sequence else {
            throw WorkflowError(.ledger, "the bedside match could not be recorded")
        }
        return BedsideMatchResult(verdict: verdict, matched: true, auditSequence: sequence)
    }

    /// The COI identifier on a wristband scan, or nil.
    static func wristbandCOI(_ scan: Scan) -> ChainOfIdentityID? {
        var text = String(decoding: scan.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("]"), text.count > 3 { text.removeFirst(3) }
        if text.hasPrefix("=") { text.removeFirst() }
        if text.hasPrefix(ChainOfIdentityID.dataIdentifier) {
            return try? ChainOfIdentityID(dataStructure: text)
        }
        return try? ChainOfIdentityID(content: text)
    }

    private func auditBedside(_ action: String, verdict: Verdict, reason: String?, by actor: Actor) async -> Int64? {
        var details = ["station": verdict.station]
        if let din = verdict.din { details["din"] = din }
        if let sequence = verdict.auditSequence { details["verdict"] = String(sequence) }
        let entry = AuditEntry(actor: actor, action: action, subject: verdict.serial, reason: reason, details: details)
        do {
            return try await store.appendAudit(entry).sequence
        } catch {
            logger.error("could not audit a bedside match", metadata: ["error": "\(error.code)"])
            return nil
        }
    }
}
