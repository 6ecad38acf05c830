import Foundation
import GRDB
import LabelgateCore
import Logging

/// The embedded ledger: one SQLite file through GRDB.
///
/// Durability: WAL journal with `synchronous = FULL`, so every committed transaction (every audit row) has been
/// fsync'ed to the WAL before the call returns; `NORMAL` could lose the last commits on power loss, which an audit
/// trail may not. Readers never block the writer (WAL), and a 5 s busy timeout lets the CLI and the daemon share
/// the file. Foreign keys are on. See `docs/ledger.md`.
public final class SQLiteLedger: LedgerStore {
    let pool: DatabasePool
    let logger: Logger
    let now: @Sendable () -> Date
    let reader: SQLiteReadExecutor
    private let batcher: SQLiteAuditBatcher

    /// Reader threads by default: one per core but one, which is left to the writer and to whoever asks (the
    /// daemon's HTTP threads). Each reader serves its queued verifications in batches, so under load one thread on a
    /// 2-core machine serves more of them than two (measured: about 12 % less daemon CPU per API accept).
    public static var defaultReaderThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    /// Opens (creating if needed) and migrates the ledger at `path`, with `readerThreads` dedicated reader threads.
    ///
    /// `memoryMapping` maps the database file into memory for reads (faster verifications, see `MappingPolicy`), but
    /// then a read error of the disk under a mapped page is a SIGBUS that kills the process instead of an error the
    /// gate refuses with; it is off by default, and the daemon never turns it on (docs/ledger.md).
    public init(
        path: String, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        readerThreads: Int = SQLiteLedger.defaultReaderThreads, memoryMapping: Bool = false
    ) throws(LedgerError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: memoryMapping ? MappingPolicy.mapSQL : MappingPolicy.unmapSQL)
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB switches the writer to `synchronous = NORMAL` when it turns WAL on, after `prepareDatabase` has
            // run: set FULL again on the one writer connection, or commits are not fsync'ed.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try SQLiteSchema.migrator.migrate(pool)
            reader = try SQLiteReadExecutor(path: path, threads: readerThreads, memoryMapping: memoryMapping)
        } catch {
            throw Self.mapped(error)
        }
        self.pool = pool
        self.logger = logger
        self.now = now
        self.batcher = SQLiteAuditBatcher { entries in
            do {
                let at = AuditTimestamp.string(from: now())
                return .success(try await pool.write { db in try Self.appendAudit(entries, at: at, in: db) })
            } catch {
                return .failure(Self.mapped(error))
            }
        }
        logger.debug("ledger opened", metadata: ["path": "\(path)"])
    }

    deinit {
        reader.shutdown()
    }

    /// Appends audit entries through group commit.
    func appendAuditBatched(_ entries: [AuditEntry]) async throws(LedgerError) -> [AuditRow] {
        // Checked before batching: one caller's unstorable entry must not fail the others' rows of the same commit.
        try entries.checkStorable()
        return try await batcher.append(entries)
    }

    /// Runs `body` in a write transaction, mapping database errors to `LedgerError`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(LedgerError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw Self.mapped(error)
        }
    }

    /// Runs `body` in a read transaction, mapping database errors to `LedgerError`.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(LedgerError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.mapped(error)
        }
    }

    /// The current time as an audit timestamp.
    func timestamp() -> String { AuditTimestamp.string(from: now()) }

    static func mapped(_ error: any Error) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? DatabaseError {
            let message = error.message ?? "\(error.resultCode)"
            switch error.resultCode {
            case .SQLITE_CONSTRAINT:
                if message.hasPrefix("labelgate:") { return LedgerError(.integrity, message) }
                return LedgerError(.conflict, message)
            case .SQLITE_FULL:
                return LedgerError(.full, "the ledger's file system is full (\(message)); nothing was written")
            case .SQLITE_IOERR:
                return LedgerError(.ioError, "the ledger's storage failed (\(message)); nothing was written")
            case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
                return LedgerError(.unavailable, message)
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return LedgerError(.corrupt, message)
            default:
                return LedgerError(.unavailable, message)
            }
        }
        return LedgerError(.unavailable, "\(error)")
    }
}
