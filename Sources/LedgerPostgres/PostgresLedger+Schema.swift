import Ledger
import PostgresNIO

extension PostgresLedger {
    /// Creates the ledger's schema and tables if they do not exist yet, and grants `appRole` (if given) what the
    /// gateways need and nothing more. Run it as the role that should own the tables (not the gateways' role);
    /// several gateways may call it at once (it takes an advisory lock).
    public func migrate(grantingTo appRole: String? = nil) async throws(LedgerError) {
        if let appRole, !PostgresLedgerConfiguration.isSafeIdentifier(appRole) {
            throw LedgerError(.invalidInput, "the app role must be lower-case letters, digits or _")
        }
        let schema = configuration.schema
        let runner = self.runner
        try await runner.write { connection in
            let logger = runner.logger
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(runner.auditLockKey &+ 1))", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(schema)"), logger: logger)
            let exists = try await connection.query(
                "SELECT to_regclass('labelgate_schema') IS NOT NULL", logger: logger
            ).collect()
            var version = 0
            if let row = exists.first, try row.decode(Bool.self) {
                let rows = try await connection.query(
                    "SELECT coalesce(max(version), 0)::int8 FROM labelgate_schema", logger: logger
                ).collect()
                version = Int(try rows.first.map { row throws(LedgerError) in try Columns(row).integer(0) } ?? 0)
            }
            // Each step once, in order; a database at version 1 gets only the print tables.
            for (step, script) in PostgresSchema.steps.enumerated() where version < step + 1 {
                for statement in PostgresSchema.statements(script) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO labelgate_schema (version) VALUES (\(Int64(step + 1)))", logger: logger)
                logger.notice(
                    "PostgreSQL ledger schema migrated", metadata: ["schema": "\(schema)", "version": "\(step + 1)"])
            }
            if let appRole {
                let grants = PostgresSchema.grants(to: appRole, schema: schema) + "\n" + PostgresSchema.printGrants(to: appRole)
                for statement in PostgresSchema.statements(grants) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            }
        }
    }
}

extension PostgresLedger {
    /// Drops the ledger's whole schema: for benchmarks and tests on throwaway schemas only (needs the owner role).
    package func dropSchema() async throws(LedgerError) {
        let schema = configuration.schema
        let logger = self.logger
        try await runner.write { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
        }
    }
}
