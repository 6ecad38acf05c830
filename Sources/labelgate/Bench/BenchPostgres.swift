import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerPostgres
import Logging

/// `labelgate bench --postgres URL`: the same load and timed runs on a PostgreSQL ledger, next to SQLite's.
///
/// The URL's role must be allowed to create a schema: the run uses a fresh schema `labelgate_bench_<random>` and
/// drops it afterwards.
enum BenchPostgres {
    static func run(
        url: String, records: Int, verifies: Int, accepts: Int, clients: Int, logger: Logger
    ) async throws -> BenchReport {
        var configuration: PostgresLedgerConfiguration
        let ledger: PostgresLedger
        let gate: Gate
        do {
            configuration = try PostgresLedgerConfiguration(url: url)
            configuration.schema = "labelgate_bench_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
            ledger = try PostgresLedger(configuration: configuration, logger: logger)
            try await ledger.migrate()
            gate = try Gate(store: ledger, logger: logger)
        } catch {
            throw CLIError("cannot set up the PostgreSQL benchmark ledger: \(error)")
        }
        var report = BenchReport(records: records)
        do {
            report.loadSeconds = try await BenchLoader.load(records: records, into: ledger)
            let scans = try BenchLoader.scans(count: min(verifies, 50_000), records: records).map(\.scan)
            report.asyncVerifiesPerSecondOneClient = try await BenchRuns.asyncVerifies(
                gate: gate, scans: scans, total: max(verifies / 20, 1), clients: 1)
            report.asyncVerifiesPerSecondConcurrent = try await BenchRuns.asyncVerifies(
                gate: gate, scans: scans, total: max(verifies / 4, 1), clients: clients)
            report.auditedAcceptsPerSecondSequential = await BenchRuns.accepts(
                gate: gate, scans: scans, total: accepts, clients: 1)
            report.auditedAcceptsPerSecondConcurrent = await BenchRuns.accepts(
                gate: gate, scans: scans, total: accepts, clients: clients)
            report.clients = clients
            let chain = try await ledger.verifyAuditChain()
            report.auditRows = chain.rowsChecked
            report.auditChainIntact = chain.isIntact
        } catch {
            try? await ledger.dropSchema()
            await ledger.close()
            throw error
        }
        try? await ledger.dropSchema()
        await ledger.close()
        return report
    }
}

/// SQLite and PostgreSQL measured in the same run.
struct BenchComparison: Encodable {
    var sqlite: BenchReport
    var postgres: BenchReport

    func printTable() {
        func f(_ v: Double) -> String { String(format: "%12.0f", v) }
        let c = sqlite.clients
        print("")
        print("same run, same records and scans               SQLite   PostgreSQL")
        print("load (records + labels, audited), s      \(String(format: "%12.1f %12.1f", sqlite.loadSeconds, postgres.loadSeconds))")
        print("verifies/s, async API, 1 client          \(f(sqlite.asyncVerifiesPerSecondOneClient)) \(f(postgres.asyncVerifiesPerSecondOneClient))")
        print("verifies/s, async API, \(c) clients         \(f(sqlite.asyncVerifiesPerSecondConcurrent)) \(f(postgres.asyncVerifiesPerSecondConcurrent))")
        print("audited accepts/s, 1 client              \(f(sqlite.auditedAcceptsPerSecondSequential)) \(f(postgres.auditedAcceptsPerSecondSequential))")
        print("audited accepts/s, \(c) clients             \(f(sqlite.auditedAcceptsPerSecondConcurrent)) \(f(postgres.auditedAcceptsPerSecondConcurrent))")
        print("audit chain                              \(sqlite.auditChainIntact ? "      intact" : "      BROKEN") \(postgres.auditChainIntact ? "      intact" : "      BROKEN")")
    }
}
