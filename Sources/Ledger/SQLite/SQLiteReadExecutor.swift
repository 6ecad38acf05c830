import Foundation
import GRDB
import GRDBSQLite

/// Dedicated reader threads for the verification hot path.
///
/// SQLite calls block, so they never run on Swift's cooperative pool. Each thread owns one read-only connection and
/// serves queued reads in batches: one `BEGIN … COMMIT` read transaction per batch (a consistent WAL snapshot), so
/// that under load the cost of waking a thread is shared by many verifications.
package final class SQLiteReadExecutor: @unchecked Sendable {
    // Confinement: `jobs` and `stopping` are only touched with `condition` locked; each connection is used only by
    // the thread that owns it.
    private let condition = NSCondition()
    private var jobs: [(ReaderConnection) -> Void] = []
    private var stopping = false
    private var threads: [Thread] = []
    static let maximumBatch = 64

    /// `memoryMapping` lets each reader map the file while nothing is written (`MappingPolicy`); without it no
    /// reader ever maps it, so a disk read error is an SQLite error, never a SIGBUS.
    init(path: String, threads count: Int, memoryMapping: Bool = true) throws {
        let configuration = Self.configuration(memoryMapping: memoryMapping)
        for index in 0..<count {
            let connection = try DatabaseQueue(path: path, configuration: configuration)
            // The thread holds the executor until `shutdown()` lets it return.
            let thread = Thread { self.serve(connection, mapping: memoryMapping) }
            thread.name = "labelgate-ledger-reader-\(index)"
            thread.stackSize = 1 << 20
            threads.append(thread)
        }
        threads.forEach { $0.start() }
    }

    /// Read-only connections with a 64 MiB page cache; with `memoryMapping`, the file memory-mapped (up to 4 GiB), so
    /// a verification reads B-tree pages without a system call, and each reader thread then maps only while nothing
    /// is written (see `MappingPolicy`).
    package static func configuration(memoryMapping: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.label = "labelgate.reader"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: memoryMapping ? MappingPolicy.mapSQL : MappingPolicy.unmapSQL)
        }
        return configuration
    }

    /// Stops the reader threads; queued reads still run.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` on a reader thread inside a read transaction and returns its result.
    func read<T: Sendable>(_ body: @escaping @Sendable (ReaderConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job: (ReaderConnection) -> Void = { connection in continuation.resume(with: Result { try body(connection) }) }
            condition.lock()
            if stopping {
                condition.unlock()
                continuation.resume(throwing: LedgerError(.unavailable, "the ledger is shutting down"))
                return
            }
            jobs.append(job)
            condition.signal()
            condition.unlock()
        }
    }

    private func serve(_ queue: DatabaseQueue, mapping mapped: Bool) {
        var verification: VerificationQuery?
        var mapping = MappingPolicy()
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            let batch = Array(jobs.prefix(Self.maximumBatch))
            jobs.removeFirst(batch.count)
            condition.unlock()
            queue.inDatabase { db in
                // Raw BEGIN/COMMIT: GRDB's execute(sql:) re-parses the SQL text on every call.
                let began = sqlite3_exec(db.sqliteConnection, "BEGIN DEFERRED", nil, nil, nil) == SQLITE_OK
                if verification == nil { verification = try? VerificationQuery(db) }
                let connection = ReaderConnection(db: db, prepared: verification)
                for job in batch { job(connection) }
                let version = try? Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version"))
                if began { sqlite3_exec(db.sqliteConnection, "COMMIT", nil, nil, nil) }
                if mapped, let version, let change = mapping.observe(dataVersion: version) {
                    sqlite3_exec(db.sqliteConnection, change, nil, nil, nil)
                }
            }
        }
    }
}

/// When a reader memory-maps the database file.
///
/// Mapping saves a system call per page read, but SQLite drops a reader's page cache and unmaps the whole file at
/// the start of any read transaction that follows another connection's commit. Under a stream of audited accepts
/// (a verdict row committed between every two verifications) each batch would unmap, map again and fault every
/// page back in, which costs more than reading the pages: at 1M records, accepts ran 2x faster without mapping,
/// while pure verification ran 1.4x faster with it. So a reader maps only while nothing is written: it stops at the
/// first batch that sees a commit, and maps again after `quietBatches` batches in a row that saw none.
struct MappingPolicy {
    static let mapSQL = "PRAGMA mmap_size = 4294967296"
    static let unmapSQL = "PRAGMA mmap_size = 0"
    /// Batches without a commit in between before the reader maps the file again.
    static let quietBatches = 64

    private(set) var mapped = true
    private var quiet = 0
    private var lastVersion: Int64?

    /// Notes the connection's `PRAGMA data_version` after a batch; returns the statement that changes the mapping,
    /// when it should change.
    mutating func observe(dataVersion: Int64) -> String? {
        defer { lastVersion = dataVersion }
        guard let lastVersion else { return nil }
        if dataVersion != lastVersion {
            quiet = 0
            guard mapped else { return nil }
            mapped = false
            return Self.unmapSQL
        }
        quiet += 1
        guard !mapped, quiet >= Self.quietBatches else { return nil }
        mapped = true
        return Self.mapSQL
    }
}

/// What a reader-thread job sees: the connection, inside the batch's read transaction, and its prepared queries.
struct ReaderConnection {
    /// The read-only connection.
    let db: Database
    let prepared: VerificationQuery?

    /// The prepared verification query.
    var verification: VerificationQuery {
        get throws {
            guard let prepared else { throw LedgerError(.unavailable, "the ledger's reader could not prepare its query") }
            return prepared
        }
    }
}
