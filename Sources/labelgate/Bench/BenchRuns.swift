import Foundation
import GRDB
import Gate
import LabelgateCore
import Ledger

/// The timed loops of `labelgate bench`.
enum BenchRuns {
    static let station = Station(id: "bench", role: .verification)

    /// Runs `body` on a dedicated thread (blocking SQLite calls never run on the cooperative pool) and returns
    /// operations per second, both by the wall clock and per second of CPU time the thread itself used.
    static func onDedicatedThread(
        total: Int, _ body: @escaping @Sendable (Int) throws -> Bool
    ) async throws -> ThreadRate {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ThreadRate, any Error>) in
            let thread = Thread {
                let clock = ContinuousClock()
                let start = clock.now
                let cpuStart = ThreadRate.threadCPUSeconds()
                do {
                    for n in 0..<total where try !body(n) {
                        throw CLIError("benchmark iteration \(n) did not verify")
                    }
                    let cpu = ThreadRate.threadCPUSeconds() - cpuStart
                    let wall = (clock.now - start).seconds
                    continuation.resume(returning: ThreadRate(wall: Double(total) / wall, cpu: Double(total) / cpu))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    static func readOnlyConnection(_ path: String) throws -> DatabaseQueue {
        try DatabaseQueue(path: path, configuration: SQLiteReadExecutor.configuration(memoryMapping: false))
    }

    /// Baseline: the label, record and DIN rows a verification needs, read with plain SQL on one thread.
    static func rawReads(path: String, serials: [Int64], total: Int) async throws -> ThreadRate {
        let connection = try readOnlyConnection(path)
        return try await onDedicatedThread(total: total) { n in
            try connection.inDatabase { db in
                let serial = serials[n % serials.count]
                guard let label = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM labels WHERE serial = ?"), arguments: [serial])
                else { return false }
                let coi: String = label["coi"]
                let record = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM records WHERE coi = ?"), arguments: [coi])
                let dins = try String.fetchAll(
                    db.cachedStatement(sql: "SELECT din FROM record_dins WHERE coi = ? ORDER BY position"),
                    arguments: [coi])
                return record != nil && !dins.isEmpty
            }
        }
    }

    /// The read path on one thread: parse, ledger lookup and decode, identity hash recomputation, decision.
    ///
    /// Like the gate's reader threads, it serves verifications in batches of 64 per read transaction.
    static func engineVerifies(path: String, scans: [Scan], total: Int) async throws -> ThreadRate {
        let connection = try readOnlyConnection(path)
        let parser = ScanParser()
        let batch = 64
        let rate = try await onDedicatedThread(total: (total + batch - 1) / batch) { chunk in
            try connection.inDatabase { db in
                try db.execute(sql: "BEGIN DEFERRED")
                defer { try? db.execute(sql: "COMMIT") }
                let query = try VerificationQuery(db)
                for n in chunk * batch..<min(chunk * batch + batch, total) {
                    let claim = try parser.parse(scans[n % scans.count]).label
                    guard let context = try query.context(serial: claim.serial),
                        Gate.decide(claim, context: context, station: station, at: Date()).isAccepted
                    else { return false }
                }
                return true
            }
        }
        return rate.scaled(by: Double(batch))
    }

    /// The same decision through the gate's async API (reader threads, batched), with `clients` concurrent callers.
    static func asyncVerifies(gate: Gate, scans: [Scan], total: Int, clients: Int) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let accepted = await withTaskGroup(of: Int.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var accepted = 0
                    var n = client
                    while n < total {
                        if await gate.evaluateScan(scans[n % scans.count], at: station).isAccepted { accepted += 1 }
                        n += clients
                    }
                    return accepted
                }
            }
            return await group.reduce(0, +)
        }
        guard accepted == total else { throw CLIError("only \(accepted) of \(total) benchmark scans verified") }
        return Double(total) / (clock.now - start).seconds
    }

    /// Audited accepts: every verdict written to the hash-chained audit trail with a durable commit.
    static func accepts(gate: Gate, scans: [Scan], total: Int, clients: Int) async -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var n = client
                    while n < total {
                        _ = await gate.accept(scans[n % scans.count], at: station)
                        n += clients
                    }
                }
            }
        }
        return Double(total) / (clock.now - start).seconds
    }
}

extension BenchRuns {
    /// Per-stage rates of the read path (parse alone, lookup alone, hash alone), to show where time goes.
    static func breakdown(path: String, scans: [Scan], total: Int) async throws -> [String: ThreadRate] {
        let connection = try readOnlyConnection(path)
        let parser = ScanParser()
        let claims = try scans.map { try parser.parse($0).label }
        let contexts = try connection.inDatabase { db in
            let query = try VerificationQuery(db)
            return try claims.prefix(1000).map { try query.context(serial: $0.serial) }
        }.compactMap { $0 }
        var rates: [String: ThreadRate] = [:]
        rates["parse"] = try await onDedicatedThread(total: total) { n in
            (try? parser.parse(scans[n % scans.count])) != nil
        }
        rates["lookup"] = try await onDedicatedThread(total: total / 64) { chunk in
            try connection.inDatabase { db in
                let query = try VerificationQuery(db)
                for n in chunk * 64..<chunk * 64 + 64 where try query.context(serial: claims[n % claims.count].serial) == nil {
                    return false
                }
                return true
            }
        }.scaled(by: 64)
        rates["hash"] = try await onDedicatedThread(total: total) { n in
            let context = contexts[n % contexts.count]
            return (try? IdentityHash.compute(for: context.record, label: context.label.particulars)) != nil
        }
        return rates
    }
}

/// Operations per second on one dedicated thread: by the wall clock, and per second of the CPU time that thread used.
///
/// The CPU-time rate is what "on one core" means and does not depend on what else the machine is running; the wall
/// rate does (on a loaded 2-core machine the thread waits for a core).
struct ThreadRate: Encodable {
    var wall: Double
    var cpu: Double

    func scaled(by factor: Double) -> ThreadRate { ThreadRate(wall: wall * factor, cpu: cpu * factor) }

    /// CPU seconds used so far by the calling thread.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
