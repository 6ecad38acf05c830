import Ledger
import Logging
import PostgresNIO

extension PostgresRunner {
    /// The transaction advisory lock that serializes audit appends of every gateway on this schema.
    var auditLockKey: Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "labelgate.audit:\(settings.schema)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }

    /// Appends audit rows inside an open transaction, chained to the current head.
    ///
    /// The advisory lock is taken first and the head read by a second statement, so the head read sees every chain
    /// append committed before the lock was granted (READ COMMITTED takes a new snapshot per statement). The lock is
    /// held until the transaction ends, and is the last lock a ledger transaction takes, so it cannot deadlock.
    func appendAudit(_ entries: [AuditEntry], at: String, on connection: PostgresConnection) async throws -> [AuditRow] {
        guard !entries.isEmpty else { return [] }
        try entries.checkStorable()  // inside the transaction: a refused entry rolls back the whole change
        try await connection.query("SELECT pg_advisory_xact_lock(\(auditLockKey))", logger: logger)
        var sequence: Int64 = 0
        var previous = AuditChain.genesis
        let head = try await connection.query(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", logger: logger
        ).collect()
        if let row = head.first {
            let columns = Columns(row)
            sequence = try columns.integer(0)
            previous = try columns.bytes(1)
        }
        var rows: [AuditRow] = []
        rows.reserveCapacity(entries.count)
        for entry in entries {
            sequence += 1
            let details = entry.detailsJSON
            let hash = AuditChain.hash(
                sequence: sequence, timestamp: at, actor: entry.actor.description, action: entry.action,
                subject: entry.subject, reason: entry.reason, details: details, previousHash: previous)
            rows.append(
                AuditRow(
                    sequence: sequence, timestamp: at, actor: entry.actor.description, action: entry.action,
                    subject: entry.subject, reason: entry.reason, details: details, previousHash: previous, hash: hash))
            previous = hash
        }
        for chunk in rows.chunks(of: SQLStatement.maximumParameters / 9) {
            var statement = SQLStatement(
                "INSERT INTO audit_log (seq, at, actor, action, subject, reason, details, prev_hash, hash) VALUES ")
            for row in chunk {
                statement.appendRow([
                    statement.bind(row.sequence), statement.bind(row.timestamp), statement.bind(row.actor),
                    statement.bind(row.action), statement.bind(row.subject), statement.bind(row.reason),
                    statement.bind(row.details), statement.bind(ByteBuffer(bytes: row.previousHash)),
                    statement.bind(ByteBuffer(bytes: row.hash)),
                ])
            }
            try await connection.query(statement.query, logger: logger)
        }
        return rows
    }

    static func auditRows(
        action: String? = nil, after sequence: Int64, limit: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [AuditRow] {
        let query: PostgresQuery =
            if let action {
                """
                SELECT seq, at, actor, action, subject, reason, details, prev_hash, hash FROM audit_log
                WHERE action = \(action) AND seq > \(sequence) ORDER BY seq LIMIT \(Int64(limit))
                """
            } else {
                """
                SELECT seq, at, actor, action, subject, reason, details, prev_hash, hash FROM audit_log
                WHERE seq > \(sequence) ORDER BY seq LIMIT \(Int64(limit))
                """
            }
        let rows = try await connection.query(query, logger: logger).collect()
        return try rows.map { row throws(LedgerError) in
            let columns = Columns(row)
            return AuditRow(
                sequence: try columns.integer(0), timestamp: try columns.text(1), actor: try columns.text(2),
                action: try columns.text(3), subject: try columns.optionalText(4), reason: try columns.optionalText(5),
                details: try columns.text(6), previousHash: try columns.bytes(7), hash: try columns.bytes(8))
        }
    }
}
