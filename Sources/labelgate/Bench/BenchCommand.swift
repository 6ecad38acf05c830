import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance

/// `labelgate bench`: the foundation's speed targets, each next to a baseline measured in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure verifies/s on the read path and audited accepts/s with durable commits.",
        discussion: """
            Loads --records fictitious records (one issued label each) into a fresh ledger, then measures:
            raw GRDB point reads of the same rows (baseline), gate verifications without audit (read path),
            and audited accepts with synchronous=FULL commits, sequential and concurrent.
            """)

    @Option(help: "Records to load (each with one label).") var records = 1_000_000
    @Option(help: "Verifications to time on the read path.") var verifies = 200_000
    @Option(help: "Audited accepts to time (per mode).") var accepts = 3_000
    @Option(help: "Concurrent clients for the concurrent accept run.") var clients = 32
    @Option(help: "Directory for the benchmark ledger (default: a temporary directory).") var directory: String?
    @Flag(help: "Reuse the ledger an earlier run left in --directory instead of loading a fresh one.") var reuse = false
    @Flag(help: "Print one JSON object instead of a table.") var json = false
    @Flag(help: "Also time the read path's stages (parse, lookup, hash) separately.") var breakdown = false
    @Option(help: "Also run on this PostgreSQL server (postgres://…; the role must be able to create a schema).")
    var postgres: String?

    func run() async throws {
        let dir = directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("bench.sqlite").path
        guard !reuse || (directory != nil && FileManager.default.fileExists(atPath: path)) else {
            throw CLIError("--reuse needs --directory with the ledger of an earlier run (\(path))")
        }
        let global = try GlobalOptions.parse(["--store", path])
        let ledger = try global.openLedger()
        let gate = try Gate(store: ledger, logger: global.logger())
        var report = BenchReport(records: records)

        if !reuse { report.loadSeconds = try await BenchLoader.load(records: records, into: ledger) }
        let sample = try BenchLoader.scans(count: min(verifies, 50_000), records: records)
        let scans = sample.map(\.scan)
        report.baselineReadsPerSecond = try await BenchRuns.rawReads(
            path: path, serials: sample.map(\.serial), total: verifies)
        report.verifiesPerSecond = try await BenchRuns.engineVerifies(path: path, scans: scans, total: verifies)
        report.asyncVerifiesPerSecondOneClient = try await BenchRuns.asyncVerifies(
            gate: gate, scans: scans, total: verifies / 4, clients: 1)
        report.asyncVerifiesPerSecondConcurrent = try await BenchRuns.asyncVerifies(
            gate: gate, scans: scans, total: verifies, clients: clients)
        report.auditedAcceptsPerSecondSequential = await BenchRuns.accepts(
            gate: gate, scans: scans, total: accepts, clients: 1)
        report.auditedAcceptsPerSecondConcurrent = await BenchRuns.accepts(
            gate: gate, scans: scans, total: accepts, clients: clients)
        report.clients = clients
        if breakdown {
            report.stageRatesPerSecond = try await BenchRuns.breakdown(path: path, scans: scans, total: verifies)
        }
        let chain = try await ledger.verifyAuditChain()
        report.auditRows = chain.rowsChecked
        report.auditChainIntact = chain.isIntact
        if let postgres {
            let other = try await BenchPostgres.run(
                url: postgres, records: records, verifies: verifies, accepts: accepts, clients: clients,
                logger: global.logger())
            let comparison = BenchComparison(sqlite: report, postgres: other)
            if json { Output.json(comparison) } else { report.printTable(); comparison.printTable() }
        } else if json { Output.json(report) } else { report.printTable() }
        if directory == nil { try? FileManager.default.removeItem(at: dir) }
    }
}

/// What `labelgate bench` measured.
struct BenchReport: Encodable {
    var records: Int
    var loadSeconds = 0.0
    var baselineReadsPerSecond = ThreadRate(wall: 0, cpu: 0)
    var verifiesPerSecond = ThreadRate(wall: 0, cpu: 0)
    var asyncVerifiesPerSecondOneClient = 0.0
    var asyncVerifiesPerSecondConcurrent = 0.0
    var auditedAcceptsPerSecondSequential = 0.0
    var auditedAcceptsPerSecondConcurrent = 0.0
    var clients = 0
    var stageRatesPerSecond: [String: ThreadRate]?
    var auditRows = 0
    var auditChainIntact = false

    /// The read path against the raw SQL baseline, per CPU-second of one core.
    var verifyToBaselineRatio: Double {
        baselineReadsPerSecond.cpu > 0 ? verifiesPerSecond.cpu / baselineReadsPerSecond.cpu : 0
    }

    func printTable() {
        func f(_ v: Double) -> String { String(format: "%10.0f", v) }
        let ratio = String(format: "%.2f", verifyToBaselineRatio)
        print("records loaded (1 label each)           \(records)"
            + (loadSeconds > 0 ? " in \(String(format: "%.1f", loadSeconds)) s" : " (reused)"))
        print("one thread (per CPU-second = one core; wall clock in brackets, depends on machine load):")
        print("baseline: raw SQL reads of the rows/s   \(f(baselineReadsPerSecond.cpu))   (\(f(baselineReadsPerSecond.wall)))")
        print("verifies/s, read path                   \(f(verifiesPerSecond.cpu))   (\(f(verifiesPerSecond.wall)))"
            + "   = \(ratio) x baseline; target >= 50000 on one core")
        print("verifies/s, async API, 1 client         \(f(asyncVerifiesPerSecondOneClient))")
        print("verifies/s, async API, \(clients) clients   \(f(asyncVerifiesPerSecondConcurrent))")
        print("audited accepts/s, 1 client             \(f(auditedAcceptsPerSecondSequential))   (synchronous=FULL)")
        print("audited accepts/s, \(clients) clients       \(f(auditedAcceptsPerSecondConcurrent))   (group commit)")
        for (stage, rate) in (stageRatesPerSecond ?? [:]).sorted(by: { $0.key < $1.key }) {
            print("  stage \(stage.padding(toLength: 33, withPad: " ", startingAt: 0))\(f(rate.cpu))   (\(f(rate.wall)))")
        }
        print("audit chain                             \(auditRows) rows, \(auditChainIntact ? "intact" : "BROKEN")")
    }
}
