import LedgerConformance
import Testing

@testable import Ledger

@Suite struct SQLiteConformanceTests {
    @Test(arguments: LedgerConformance.checks.map(\.name))
    func sqliteBackendPassesTheSharedStoreSuite(check: String) async throws {
        let ledger = try TestLedgers.sqlite()
        let conformance = try #require(LedgerConformance.checks.first { $0.name == check })
        try await conformance.run(ledger)
    }
}
