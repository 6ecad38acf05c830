import Foundation
import LabelgateCore
import Ledger
import Logging

/// The one interlock. Every label that is issued, printed or encoded, and every scan that is accepted, passes here.
///
/// `accept` parses or takes a claim, recomputes the identity hash from the ledger's record, compares it in constant
/// time, checks the label's lifecycle and the station, and writes the audit row for the verdict before returning
/// it. If the audit row cannot be written, the verdict is a refusal: the gate never accepts what it cannot record.
/// There is no override: no flag, configuration or API turns a refusal into an acceptance.
public final class Gate: Sendable {
    /// The ledger the gate reads and writes.
    public let store: any LedgerStore
    let parser: ScanParser
    let encoder: LabelPayloadEncoder
    let logger: Logger
    let now: @Sendable () -> Date
    /// The tag makers whose originality signatures the gate accepts (NXP's published keys in production).
    let tagTrust: OriginalityTrust
    /// The owner recorded with every print job this gate issues (the daemon's gateway and this run), or nil for
    /// unfenced jobs (the CLI). Restart recovery settles a fenced job only from its own gateway.
    public let printFence: PrintFence?

    /// Creates the gate over `store`, reading and writing payloads in `format`; print jobs carry `printFence`.
    public convenience init(
        store: any LedgerStore, format: LabelPayloadFormat = .standard, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }, printFence: PrintFence? = nil
    ) throws(PayloadError) {
        try self.init(store: store, format: format, logger: logger, now: now, tagTrust: .nxp, printFence: printFence)
    }

    /// Creates the gate with a given originality trust store (package-internal: tests trust a test tag maker whose
    /// keys sign the emulated tags; the public initializer always trusts NXP's published keys only).
    package init(
        store: any LedgerStore, format: LabelPayloadFormat = .standard, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }, tagTrust: OriginalityTrust, printFence: PrintFence? = nil
    ) throws(PayloadError) {
        self.tagTrust = tagTrust
        self.printFence = printFence
        self.store = store
        self.parser = ScanParser(format: format)
        self.encoder = try LabelPayloadEncoder(format: format)
        self.logger = logger
        self.now = now
    }

    /// Parses `scan` and decides; a scan that cannot be parsed is refused and audited like any other.
    public func accept(_ scan: Scan, at station: Station, by actor: Actor? = nil) async -> Verdict {
        let claim: Claim
        do {
            claim = try parser.parse(scan)
        } catch {
            let verdict = Verdict.refused(RefusalReason(error), station: station.id, detail: error.code.rawValue, at: now())
            return await record(verdict, scan: scan, claim: nil, station: station, actor: actor)
        }
        return await accept(claim, at: station, by: actor, scan: scan)
    }

    /// Decides on an already parsed claim and audits the verdict.
    public func accept(_ claim: Claim, at station: Station, by actor: Actor? = nil) async -> Verdict {
        await accept(claim, at: station, by: actor, scan: nil)
    }

    func accept(_ claim: Claim, at station: Station, by actor: Actor?, scan: Scan?) async -> Verdict {
        let verdict = await evaluate(claim.label, at: station, tag: TagCheck(claim: claim, trust: tagTrust))
        return await record(verdict, scan: scan, claim: claim, station: station, actor: actor)
    }

    /// The decision alone, without the audit row: the read path.
    ///
    /// Package-internal, for benchmarks and property tests; anything that acts on a verdict uses `accept`, which
    /// audits it.
    package func evaluateScan(_ scan: Scan, at station: Station) async -> Verdict {
        do {
            return await evaluate(try parser.parse(scan).label, at: station)
        } catch {
            return .refused(RefusalReason(error), station: station.id, detail: error.code.rawValue, at: now())
        }
    }

    /// The decision alone for a parsed claim, without the audit row (see `evaluateScan`).
    package func evaluate(_ claim: LabelClaim, at station: Station) async -> Verdict {
        await evaluate(claim, at: station, tag: nil)
    }

    /// The decision for a claim; `tag` carries what a claim read from an NFC tag must also pass.
    func evaluate(_ claim: LabelClaim, at station: Station, tag: TagCheck?) async -> Verdict {
        let date = now()
        let context: VerificationContext?
        do {
            context = try await store.verificationContext(serial: claim.serial)
        } catch {
            logger.error("ledger read failed during verification", metadata: ["error": "\(error.code)"])
            return .refused(.ledgerUnavailable, station: station.id, claim: claim, detail: error.code.rawValue, at: date)
        }
        guard let context else {
            return .refused(.unknownSerial, station: station.id, claim: claim, at: date)
        }
        return Self.decide(claim, context: context, station: station, at: date, tag: tag)
    }

    /// The pure decision over a claim and the ledger's view of its label; `tag` is set for a claim read from an
    /// NFC tag, which must also come from a genuine tag and be bound to that tag's UID.
    package static func decide(
        _ claim: LabelClaim, context: VerificationContext, station: Station, at date: Date, tag: TagCheck? = nil
    ) -> Verdict {
        let label = context.label
        let record = context.record
        guard claim.hashVersion == label.hashVersion else {
            return .refused(.hashMismatch, station: station.id, claim: claim, detail: "hash version differs", at: date)
        }
        let expected: IdentityHash
        do {
            expected = try IdentityHash.compute(for: record, label: label.particulars, version: label.hashVersion)
        } catch {
            return .refused(.unsupportedVersion, station: station.id, claim: claim, detail: error.code.rawValue, at: date)
        }
        guard expected == claim.hash else {
            return .refused(.hashMismatch, station: station.id, claim: claim, at: date)
        }
        guard claim.coi == record.coi, claim.coi == label.coi, claim.din == label.din,
            claim.productCode == record.productCode, claim.gtin == nil || claim.gtin == record.gtin
        else {
            return .refused(.identityMismatch, station: station.id, claim: claim, at: date)
        }
        if let tag, let refusal = tag.refusal(record: record) {
            return .refused(refusal.reason, station: station.id, claim: claim, detail: refusal.detail, at: date)
        }
        switch label.state {
        case .voided: return .refused(.voidedSerial, station: station.id, claim: claim, at: date)
        case .destroyed: return .refused(.destroyedSerial, station: station.id, claim: claim, at: date)
        default: break
        }
        guard station.admits(label.state) else {
            let reason: RefusalReason = station.role == .printStation || station.role == .verification
                ? .wrongStation : .notPrinted
            return .refused(reason, station: station.id, claim: claim, detail: "label is \(label.state.rawValue)", at: date)
        }
        return .accepted(station: station.id, claim: claim, at: date)
    }

    /// Writes the verdict's audit row; a verdict that cannot be recorded becomes a refusal.
    func record(_ verdict: Verdict, scan: Scan?, claim: Claim?, station: Station, actor: Actor?) async
        -> Verdict
    {
        var details = ["station": station.id, "role": station.role.rawValue]
        if let scan {
            details["source"] = scan.source.auditLabel
            details["scanLength"] = String(scan.bytes.count)
            details["scanDigest"] = ScanDigest.hex(scan.bytes)
        }
        if let claim {
            details["profile"] = claim.profile.rawValue
            details["source"] = claim.source.auditLabel
            if let aim = claim.aimIdentifier { details["aim"] = aim }
        }
        if let coi = verdict.coi { details["coi"] = coi }
        if let din = verdict.din { details["din"] = din }
        if let detail = verdict.detail { details["detail"] = detail }
        let entry = AuditEntry(
            actor: actor ?? Actor(.station, station.id), action: "verdict.\(verdict.outcome.rawValue)",
            subject: verdict.serial, reason: verdict.reason?.rawValue, details: details)
        var recorded = verdict
        do {
            let row = try await store.appendAudit(entry)
            recorded.auditSequence = row.sequence
        } catch {
            logger.error("audit write failed; refusing", metadata: ["error": "\(error.code)", "station": "\(station.id)"])
            guard verdict.isAccepted else { return verdict }
            return .refused(.ledgerUnavailable, station: station.id, detail: error.code.rawValue, at: verdict.decidedAt)
        }
        if verdict.isAccepted {
            logger.info("accepted", metadata: ["station": "\(station.id)", "serial": "\(verdict.serial ?? "")"])
        } else {
            logger.notice(
                "refused", metadata: ["station": "\(station.id)", "reason": "\(verdict.reason?.rawValue ?? "")"])
        }
        return recorded
    }
}
