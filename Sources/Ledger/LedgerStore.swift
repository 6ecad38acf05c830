import LabelgateCore

/// The ledger's contract: records, label serials, custody events and the hash-chained audit trail.
///
/// The SQLite backend (`SQLiteLedger`) is the embedded default; a PostgreSQL backend implements the same protocol
/// and passes the same conformance suite (`LedgerConformance`). Every mutating call writes its audit row in the same
/// transaction as the change, so a change is never recorded without its audit row or the reverse.
public protocol LedgerStore: Sendable {
    /// Adds new records in one transaction (all or none); fails with `.conflict` if a COI or DIN is already known.
    func addRecords(_ records: [COIRecord], by actor: Actor) async throws(LedgerError)
    /// Replaces a record's fields, keeps the previous revision, and returns the record with its new revision.
    func amendRecord(_ record: COIRecord, by actor: Actor, reason: String) async throws(LedgerError) -> COIRecord
    /// The record with this COI identifier.
    func record(coi: ChainOfIdentityID) async throws(LedgerError) -> COIRecord?
    /// The record that owns this 13-character DIN.
    func record(din: String) async throws(LedgerError) -> COIRecord?
    /// Records without patient data, newest first.
    func recordSummaries(limit: Int) async throws(LedgerError) -> [RecordSummary]

    /// Allocates one new serial per request, in state `issued`, in one transaction (all or none).
    /// Serials are never reused, even across a crash.
    func issueLabels(_ requests: [LabelRequest], by actor: Actor) async throws(LedgerError) -> [IssuedLabel]
    /// The label with this serial.
    func label(serial: LabelSerial) async throws(LedgerError) -> IssuedLabel?
    /// The labels of a record, by serial.
    func labels(coi: ChainOfIdentityID) async throws(LedgerError) -> [IssuedLabel]
    /// Moves a label along its lifecycle; fails with `.invalidTransition` when the move is not allowed.
    func transitionLabel(
        _ serial: LabelSerial, to state: LabelState, by actor: Actor, reason: String?
    ) async throws(LedgerError) -> IssuedLabel
    /// The label and its record, read together for a verification.
    func verificationContext(serial: LabelSerial) async throws(LedgerError) -> VerificationContext?

    // Print path: batches, interrupted jobs and where each label was sent (see `PrintLedger.swift`).
    /// Applies several label transitions in one transaction (all or none), one audit row each.
    func transitionLabels(_ changes: [LabelTransition], by actor: Actor) async throws(LedgerError) -> [IssuedLabel]
    /// The labels of a print batch, by serial.
    func labels(batch: String) async throws(LedgerError) -> [IssuedLabel]
    /// Labels in any of `states`, by serial, at most `limit` (restart recovery).
    func labels(in states: Set<LabelState>, limit: Int) async throws(LedgerError) -> [IssuedLabel]
    /// Labels left `issued`, `rendered` or `sent` by print jobs in `scope`, by serial, at most `limit` (restart
    /// recovery: a gateway settles only its own jobs of earlier incarnations).
    func interruptedPrintLabels(scope: PrintRecoveryScope, limit: Int) async throws(LedgerError) -> [IssuedLabel]
    /// Moves labels to `sent` and records the printer they go to, in one transaction (before their bytes leave).
    func markSent(_ serials: [LabelSerial], printer: String, by actor: Actor) async throws(LedgerError)
    /// Records (upserts) which printer, and which job there, a label was handed to; audited.
    func recordPrintJob(_ serial: LabelSerial, printer: String, job: String?, by actor: Actor) async throws(LedgerError)
    /// The printer and job a label was handed to, if any.
    func printJob(serial: LabelSerial) async throws(LedgerError) -> PrintJobReference?
    /// The batch's counts, computed from its labels, and whether it is closed.
    func reconciliation(batch: String) async throws(LedgerError) -> BatchReconciliation
    /// Closes a batch in one transaction when issued = applied + voided + destroyed; otherwise fails with
    /// `.unreconciled` and changes nothing. A closed batch takes no new labels.
    func closeBatch(_ batch: String, by actor: Actor, reason: String?) async throws(LedgerError) -> BatchReconciliation

    /// Appends a custody event (with its audit row).
    func appendCustody(_ event: CustodyEvent) async throws(LedgerError) -> CustodyEvent
    /// The custody events of a record, oldest first.
    func custodyEvents(coi: String) async throws(LedgerError) -> [CustodyEvent]

    /// Appends entries to the audit trail in one transaction, returning their rows.
    func appendAudit(_ entries: [AuditEntry]) async throws(LedgerError) -> [AuditRow]
    /// Audit rows with sequence greater than `sequence`, in order.
    func auditRows(after sequence: Int64, limit: Int) async throws(LedgerError) -> [AuditRow]
    /// Audit rows of one action with sequence greater than `sequence`, in order. The actions named in `AuditIndex`
    /// are indexed, so reading them does not walk the whole trail.
    func auditRows(action: String, after sequence: Int64, limit: Int) async throws(LedgerError) -> [AuditRow]
}

/// The audit actions both ledgers index (partial indexes on the audit log), for reads that must not grow with
/// the trail: the two-operator state is rebuilt from `step.completed` rows at every start.
public enum AuditIndex {
    /// A completed two-operator step.
    public static let stepCompleted = "step.completed"
}

/// A label and the record it belongs to, as read for one verification.
public struct VerificationContext: Sendable {
    /// The issued label.
    public var label: IssuedLabel
    /// Its record.
    public var record: COIRecord

    /// Creates a context.
    public init(label: IssuedLabel, record: COIRecord) {
        self.label = label
        self.record = record
    }
}

extension LedgerStore {
    /// Adds one record; fails with `.conflict` if its COI or any DIN is already known.
    public func addRecord(_ record: COIRecord, by actor: Actor) async throws(LedgerError) {
        try await addRecords([record], by: actor)
    }

    /// Allocates a new serial for `request`, in state `issued`.
    public func issueLabel(_ request: LabelRequest, by actor: Actor) async throws(LedgerError) -> IssuedLabel {
        guard let label = try await issueLabels([request], by: actor).first else {
            throw LedgerError(.corrupt, "the ledger issued no label")
        }
        return label
    }

    /// Appends one entry to the audit trail.
    public func appendAudit(_ entry: AuditEntry) async throws(LedgerError) -> AuditRow {
        let rows = try await appendAudit([entry])
        guard let row = rows.first else { throw LedgerError(.corrupt, "the audit append returned no row") }
        return row
    }

    /// Walks the whole audit trail in sequence order and reports the first broken link.
    public func verifyAuditChain(pageSize: Int = 5000) async throws(LedgerError) -> AuditChainReport {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        var last: AuditRow?
        while true {
            let page = try await auditRows(after: after, limit: pageSize)
            guard let tail = page.last else { break }
            for row in page {
                if let broken = verifier.check(row) {
                    return AuditChainReport(
                        rowsChecked: verifier.checked, lastSequence: row.sequence, headHash: Hex.encode(row.hash),
                        firstBreak: broken)
                }
                last = row
            }
            after = tail.sequence
        }
        return AuditChainReport(
            rowsChecked: verifier.checked, lastSequence: last?.sequence ?? 0,
            headHash: Hex.encode(last?.hash ?? AuditChain.genesis), firstBreak: nil)
    }
}

/// Lower-case hex.
public enum Hex {
    /// Encodes bytes as lower-case hex.
    @inlinable
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        encode(Array(bytes))
    }

    /// Encodes bytes as lower-case hex (the concrete form: no generic iteration across modules).
    public static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = digit(byte >> 4)
                out[2 * index + 1] = digit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }

    @inline(__always)
    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }
}
