import LedgerConformance
import Testing

@testable import LedgerPostgres

@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL server configured"))
struct PostgresConformanceTests {
    @Test(arguments: LedgerConformance.checks.map(\.name))
    func postgresBackendPassesTheSharedStoreSuite(check: String) async throws {
        let schema = try await TestSchema.make()
        let ledger = try schema.gateway()
        let conformance = try #require(LedgerConformance.checks.first { $0.name == check })
        do {
            try await conformance.run(ledger)
        } catch {
            await ledger.close()
            await schema.drop()
            throw error
        }
        await ledger.close()
        await schema.drop()
    }
}
