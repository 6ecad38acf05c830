import Foundation
import GRDB
import LabelgateCore

extension SQLiteLedger {
    public func labels(batch: String) async throws(LedgerError) -> [IssuedLabel] {
        try await read { db in try Self.batchLabels(db, batch: batch) }
    }

    public func labels(in states: Set<LabelState>, limit: Int) async throws(LedgerError) -> [IssuedLabel] {
        guard !states.isEmpty else { return [] }
        let names = states.map(\.rawValue).sorted()
        let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        return try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM labels WHERE state IN (\(marks)) ORDER BY serial LIMIT ?",
                arguments: StatementArguments(names + [String(max(0, limit))])
            ).map(Self.decodeLabel)
        }
    }

    public func markSent(_ serials: [LabelSerial], printer: String, by actor: Actor) async throws(LedgerError) {
        let at = timestamp()
        try await write { db in
            for serial in serials {
                _ = try Self.transition(serial, to: .sent, by: actor, reason: printer, at: at, in: db)
                try Self.upsertJob(serial, printer: printer, job: nil, at: at, in: db)
            }
        }
    }

    public func recordPrintJob(_ serial: LabelSerial, printer: String, job: String?, by actor: Actor)
        async throws(LedgerError)
    {
        let at = timestamp()
        try await write { db in
            guard try Self.loadLabel(db, serial: serial.value) != nil else {
                throw LedgerError(.notFound, "no label with serial \(serial)")
            }
            try Self.upsertJob(serial, printer: printer, job: job, at: at, in: db)
            var details = ["printer": printer]
            if let job { details["job"] = job }
            _ = try Self.appendAudit(
                [AuditEntry(actor: actor, action: "label.job", subject: serial.text, details: details)], at: at, in: db)
        }
    }

    public func printJob(serial: LabelSerial) async throws(LedgerError) -> PrintJobReference? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT printer, job FROM print_jobs WHERE serial = ?", arguments: [Int64(serial.value)]
            ).map { row in
                guard let printer: String = row["printer"] else {
                    throw LedgerError(.corrupt, "the print job of \(serial) names no printer")
                }
                return PrintJobReference(serial: serial, printer: printer, job: row["job"])
            }
        }
    }

    public func reconciliation(batch: String) async throws(LedgerError) -> BatchReconciliation {
        try await read { db in
            BatchReconciliation(
                batch: batch, labels: try Self.batchLabels(db, batch: batch), closed: try Self.isClosed(db, batch))
        }
    }

    public func closeBatch(_ batch: String, by actor: Actor, reason: String?) async throws(LedgerError)
        -> BatchReconciliation
    {
        let at = timestamp()
        return try await write { db in
            guard !(try Self.isClosed(db, batch)) else {
                throw LedgerError(.conflict, "print batch \(batch) is already closed")
            }
            var counts = BatchReconciliation(batch: batch, labels: try Self.batchLabels(db, batch: batch), closed: false)
            let entry = try counts.closingEntry(by: actor, reason: reason)
            try db.execute(
                sql: """
                    INSERT INTO print_batches (batch, closed_at, closed_by, issued, applied, voided, destroyed)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [batch, at, actor.description, counts.issued, counts.applied, counts.voided, counts.destroyed])
            _ = try Self.appendAudit([entry], at: at, in: db)
            counts.closed = true
            return counts
        }
    }

    static func upsertJob(_ serial: LabelSerial, printer: String, job: String?, at: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO print_jobs (serial, printer, job, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(serial) DO UPDATE SET printer = excluded.printer, job = excluded.job,
                    updated_at = excluded.updated_at
                """
        ).execute(arguments: [Int64(serial.value), printer, job, at])
    }

    static func batchLabels(_ db: Database, batch: String) throws -> [IssuedLabel] {
        try Row.fetchAll(db, sql: "SELECT * FROM labels WHERE batch = ? ORDER BY serial", arguments: [batch])
            .map(decodeLabel)
    }

    static func isClosed(_ db: Database, _ batch: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM print_batches WHERE batch = ?)", arguments: [batch])
            ?? false
    }
}
