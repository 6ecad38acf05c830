import Foundation
import LabelgateCore
import Ledger
import Logging
import PostgresNIO

/// The print path (batches, print job records, restart recovery) with the SQLite backend's behaviour.
///
/// Lock order, as everywhere in this backend: row locks (`FOR UPDATE`, in serial order) and the per-batch lock
/// first, the audit advisory lock last; each transaction appends its audit rows once, at its end.
extension PostgresLedger {
    public func labels(batch: String) async throws(LedgerError) -> [IssuedLabel] {
        let logger = self.logger
        return try await runner.read { connection in
            try await Self.loadLabels(connection, logger: logger, where: "batch = \(batch) ORDER BY serial")
        }
    }

    public func labels(in states: Set<LabelState>, limit: Int) async throws(LedgerError) -> [IssuedLabel] {
        guard !states.isEmpty else { return [] }
        let names = states.map(\.rawValue).sorted()
        let limit = Int64(max(0, limit))
        let logger = self.logger
        return try await runner.read { connection in
            try await Self.loadLabels(
                connection, logger: logger, where: "state = ANY(\(names)) ORDER BY serial LIMIT \(limit)")
        }
    }

    public func transitionLabels(_ changes: [LabelTransition], by actor: Actor) async throws(LedgerError)
        -> [IssuedLabel]
    {
        guard !changes.isEmpty else { return [] }
        let at = timestamp()
        let runner = self.runner
        return try await runner.write { connection in
            var moves = try await Self.lockedLabels(changes.map(\.serial), on: connection, logger: runner.logger)
            var out: [IssuedLabel] = []
            for change in changes {
                out.append(
                    try await moves.apply(
                        change.serial, to: change.state, by: actor, reason: change.reason, at: at, on: connection))
            }
            _ = try await runner.appendAudit(moves.entries, at: at, on: connection)
            return out
        }
    }

    public func markSent(_ serials: [LabelSerial], printer: String, by actor: Actor) async throws(LedgerError) {
        guard !serials.isEmpty else { return }
        let at = timestamp()
        let runner = self.runner
        try await runner.write { connection in
            var moves = try await Self.lockedLabels(serials, on: connection, logger: runner.logger)
            for serial in serials {
                _ = try await moves.apply(serial, to: .sent, by: actor, reason: printer, at: at, on: connection)
                try await Self.upsertJob(serial, printer: printer, job: nil, at: at, on: connection, logger: runner.logger)
            }
            _ = try await runner.appendAudit(moves.entries, at: at, on: connection)
        }
    }

    public func recordPrintJob(_ serial: LabelSerial, printer: String, job: String?, by actor: Actor)
        async throws(LedgerError)
    {
        let at = timestamp()
        let runner = self.runner
        try await runner.write { connection in
            let found = try await connection.query(
                "SELECT 1 FROM labels WHERE serial = \(Int64(serial.value))", logger: runner.logger
            ).collect()
            guard !found.isEmpty else { throw LedgerError(.notFound, "no label with serial \(serial)") }
            try await Self.upsertJob(serial, printer: printer, job: job, at: at, on: connection, logger: runner.logger)
            var details = ["printer": printer]
            if let job { details["job"] = job }
            _ = try await runner.appendAudit(
                [AuditEntry(actor: actor, action: "label.job", subject: serial.text, details: details)], at: at,
                on: connection)
        }
    }

    public func printJob(serial: LabelSerial) async throws(LedgerError) -> PrintJobReference? {
        let logger = self.logger
        return try await runner.read { connection in
            let rows = try await connection.query(
                "SELECT printer, job FROM print_jobs WHERE serial = \(Int64(serial.value))", logger: logger
            ).collect()
            return try rows.first.map { row throws(LedgerError) in
                let columns = Columns(row)
                return PrintJobReference(serial: serial, printer: try columns.text(0), job: try columns.optionalText(1))
            }
        }
    }

    public func reconciliation(batch: String) async throws(LedgerError) -> BatchReconciliation {
        let logger = self.logger
        return try await runner.read { connection in
            // One statement, one snapshot: the labels and whether the batch is closed are read together.
            let rows = try await connection.query(
                """
                SELECT serial, coi, din, flags, state, hash_version::int8, template, batch, reprint_of,
                    EXISTS (SELECT 1 FROM print_batches WHERE batch = \(batch))
                FROM labels WHERE batch = \(batch) ORDER BY serial
                """, logger: logger
            ).collect()
            var closed = false
            var labels: [IssuedLabel] = []
            for row in rows {
                let columns = Columns(row)
                labels.append(try Self.decodeLabel(columns))
                closed = try columns.bool(9)
            }
            // A batch without labels cannot have been closed (closeBatch refuses it).
            return BatchReconciliation(batch: batch, labels: labels, closed: closed)
        }
    }

    public func closeBatch(_ batch: String, by actor: Actor, reason: String?) async throws(LedgerError)
        -> BatchReconciliation
    {
        let at = timestamp()
        let runner = self.runner
        return try await runner.write { connection in
            let logger = runner.logger
            // Exclusive per-batch lock: a gateway adding a label to the batch (the insert trigger takes it shared)
            // commits before the count below, or finds the batch closed.
            try await connection.query("SELECT labelgate_batch_lock(\(batch), true)", logger: logger)
            let closed = try await connection.query(
                "SELECT 1 FROM print_batches WHERE batch = \(batch)", logger: logger
            ).collect()
            guard closed.isEmpty else { throw LedgerError(.conflict, "print batch \(batch) is already closed") }
            let labels = try await Self.loadLabels(connection, logger: logger, where: "batch = \(batch) ORDER BY serial")
            var counts = BatchReconciliation(batch: batch, labels: labels, closed: false)
            let entry = try counts.closingEntry(by: actor, reason: reason)
            try await connection.query(
                """
                INSERT INTO print_batches (batch, closed_at, closed_by, issued, applied, voided, destroyed)
                VALUES (\(batch), \(at), \(actor.description), \(Int32(counts.issued)), \(Int32(counts.applied)),
                    \(Int32(counts.voided)), \(Int32(counts.destroyed)))
                """, logger: logger)
            _ = try await runner.appendAudit([entry], at: at, on: connection)
            counts.closed = true
            return counts
        }
    }

    static func upsertJob(
        _ serial: LabelSerial, printer: String, job: String?, at: String, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO print_jobs (serial, printer, job, updated_at)
            VALUES (\(Int64(serial.value)), \(printer), \(job), \(at))
            ON CONFLICT (serial) DO UPDATE SET printer = excluded.printer, job = excluded.job,
                updated_at = excluded.updated_at
            """, logger: logger)
    }

    /// Locks the labels (`FOR UPDATE`, in serial order, so gateways locking overlapping sets cannot deadlock) and
    /// returns them for a sequence of state changes.
    static func lockedLabels(
        _ serials: [LabelSerial], on connection: PostgresConnection, logger: Logger
    ) async throws -> LabelMoves {
        let values = Array(Set(serials.map { Int64($0.value) })).sorted()
        let labels = try await loadLabels(
            connection, logger: logger, where: "serial = ANY(\(values)) ORDER BY serial FOR UPDATE")
        return LabelMoves(labels: Dictionary(uniqueKeysWithValues: labels.map { ($0.serial, $0) }), logger: logger)
    }
}

/// State changes to locked labels inside one transaction, checked one after the other in the order given (the
/// same label may move twice, `sent` then `printed`), each with the audit entry `transitionLabel` writes.
struct LabelMoves {
    var labels: [LabelSerial: IssuedLabel]
    let logger: Logger
    private(set) var entries: [AuditEntry] = []

    init(labels: [LabelSerial: IssuedLabel], logger: Logger) {
        self.labels = labels
        self.logger = logger
    }

    /// Checks and writes one change; the first change that is not allowed throws, and the caller's transaction
    /// rolls back every change before it.
    mutating func apply(
        _ serial: LabelSerial, to state: LabelState, by actor: Actor, reason: String?, at: String,
        on connection: PostgresConnection
    ) async throws -> IssuedLabel {
        guard var label = labels[serial] else { throw LedgerError(.notFound, "no label with serial \(serial)") }
        let entry = try label.transitionEntry(to: state, by: actor, reason: reason)
        try await connection.query(
            "UPDATE labels SET state = \(state.rawValue), updated_at = \(at) WHERE serial = \(Int64(serial.value))",
            logger: logger)
        entries.append(entry)
        label.state = state
        labels[serial] = label
        return label
    }
}
