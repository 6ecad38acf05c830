import Foundation
import GRDB
import LabelgateCore

extension SQLiteLedger {
    public func appendAudit(_ entries: [AuditEntry]) async throws(LedgerError) -> [AuditRow] {
        try await appendAuditBatched(entries)
    }

    public func auditRows(after sequence: Int64, limit: Int) async throws(LedgerError) -> [AuditRow] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [sequence, limit]
            ).map(Self.auditRow)
        }
    }

    public func auditRows(action: String, after sequence: Int64, limit: Int) async throws(LedgerError) -> [AuditRow] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM audit_log WHERE action = ? AND seq > ? ORDER BY seq LIMIT ?"),
                arguments: [action, sequence, limit]
            ).map(Self.auditRow)
        }
    }

    /// Appends audit rows inside an open write transaction, chaining each to the current head.
    static func appendAudit(_ entries: [AuditEntry], at: String, in db: Database) throws -> [AuditRow] {
        try entries.checkStorable()  // inside the transaction: a refused entry rolls back the whole change
        let head = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        var sequence: Int64 = head?["seq"] ?? 0
        var previous: [UInt8] = (head?["hash"] as Data?).map { Array($0) } ?? AuditChain.genesis
        var rows: [AuditRow] = []
        rows.reserveCapacity(entries.count)
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO audit_log (seq, at, actor, action, subject, reason, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for entry in entries {
            sequence += 1
            let details = entry.detailsJSON
            let hash = AuditChain.hash(
                sequence: sequence, timestamp: at, actor: entry.actor.description, action: entry.action,
                subject: entry.subject, reason: entry.reason, details: details, previousHash: previous)
            try insert.execute(arguments: [
                sequence, at, entry.actor.description, entry.action, entry.subject, entry.reason, details,
                Data(previous), Data(hash),
            ])
            rows.append(
                AuditRow(
                    sequence: sequence, timestamp: at, actor: entry.actor.description, action: entry.action,
                    subject: entry.subject, reason: entry.reason, details: details, previousHash: previous, hash: hash))
            previous = hash
        }
        return rows
    }

    static func auditRow(_ row: Row) -> AuditRow {
        AuditRow(
            sequence: row["seq"], timestamp: row["at"], actor: row["actor"], action: row["action"],
            subject: row["subject"], reason: row["reason"], details: row["details"],
            previousHash: Array(row["prev_hash"] as Data? ?? Data()), hash: Array(row["hash"] as Data? ?? Data()))
    }
}
