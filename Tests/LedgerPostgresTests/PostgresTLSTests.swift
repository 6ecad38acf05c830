import LabelgateCore
import Ledger
import LedgerConformance
import PostgresNIO
import Testing

@testable import LedgerPostgres

/// The test servers accept TLS with a self-signed certificate (scripts/services/postgres.sh).
@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL server configured"))
struct PostgresTLSTests {
    /// True when the ledger's own connection is encrypted, as the server sees it.
    func encrypted(_ ledger: PostgresLedger) async throws -> Bool {
        try await ledger.runner.read { connection in
            let rows = try await connection.query(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: quietLogger
            ).collect()
            return try rows.first?.decode(Bool.self) ?? false
        }
    }

    @Test func sslmodeRequireEncryptsTheConnection() async throws {
        let schema = try await TestSchema.make()
        let url = schema.appURL.replacingOccurrences(of: "sslmode=disable", with: "sslmode=require")
        let ledger = try PostgresLedger(url: url, logger: quietLogger)
        try await ledger.addRecord(SampleRecords.record(), by: Actor(.operator, "op-a"))
        #expect(try await encrypted(ledger))
        #expect(try await ledger.verifyAuditChain().isIntact)
        await ledger.close()
        await schema.drop()
    }

    @Test func sslmodeVerifyFullAcceptsTheServerSignedByTheGivenRoot() async throws {
        let schema = try await TestSchema.make()
        let root = try PostgresTestEnvironment.value("LABELGATE_TEST_POSTGRES_TLS_ROOT_CERT")
        let url = schema.appURL.replacingOccurrences(of: "@127.0.0.1:", with: "@localhost:")
            .replacingOccurrences(of: "sslmode=disable", with: "sslmode=verify-full&sslrootcert=\(root)")
        let ledger = try PostgresLedger(url: url, logger: quietLogger)
        #expect(try await encrypted(ledger))
        await ledger.close()
        // Without the root, the self-signed certificate is refused, and that is reported as unavailable.
        let untrusting = try PostgresLedger(
            url: url.replacingOccurrences(of: "&sslrootcert=\(root)", with: ""), logger: quietLogger)
        await #expect(throws: LedgerError.self) { try await untrusting.recordSummaries(limit: 1) }
        await untrusting.close()
        await schema.drop()
    }
}
