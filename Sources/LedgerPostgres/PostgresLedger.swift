import Foundation
import Ledger
import Logging
import PostgresNIO
import Synchronization

/// The ledger on PostgreSQL, shared by several gateways (print stations, docks), with the SQLite backend's behaviour.
///
/// Each gateway opens its own `PostgresLedger` on the same database and schema. Serials come from one PostgreSQL
/// sequence (unique across gateways, never reused); audit appends from every gateway serialize on one transaction
/// advisory lock, so there is one chain without gaps or forks, and the database itself refuses any row that does not
/// extend it (see `PostgresSchema`). Audit appends use group commit, as on SQLite.
///
/// When the database is unreachable every call fails at once with `.unavailable` and the reason (so the gate refuses
/// and says why); the ledger reconnects by itself when the database returns. Call `close()` when done.
public final class PostgresLedger: LedgerStore {
    /// Where the ledger lives (without secrets in its description).
    public let configuration: PostgresLedgerConfiguration
    let runner: PostgresRunner
    let logger: Logger
    let now: @Sendable () -> Date
    private let batcher: SQLiteAuditBatcher
    /// Event feeds to stop on `close()`.
    let feeds = Mutex<[PostgresEventFeed]>([])

    /// Creates a ledger over the database described by `configuration`. Nothing is opened until the first call.
    public init(
        configuration: PostgresLedgerConfiguration, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(LedgerError) {
        let runner = PostgresRunner(
            pool: try PostgresPool(settings: configuration, logger: logger), settings: configuration, logger: logger)
        self.configuration = configuration
        self.runner = runner
        self.logger = logger
        self.now = now
        self.batcher = SQLiteAuditBatcher { entries in
            do throws(LedgerError) {
                let at = AuditTimestamp.string(from: now())
                return .success(try await runner.write { connection in
                    try await runner.appendAudit(entries, at: at, on: connection)
                })
            } catch {
                return .failure(error)
            }
        }
    }

    /// Creates a ledger from a `postgres://` URL (see `PostgresLedgerConfiguration`).
    public convenience init(url: String, logger: Logger) throws(LedgerError) {
        try self.init(configuration: PostgresLedgerConfiguration(url: url), logger: logger)
    }

    /// Closes the ledger's connections and ends its event streams; calls made afterwards fail with `.unavailable`.
    public func close() async {
        await runner.pool.close()
        for feed in feeds.withLock({ $0 }) { feed.stop() }
    }

    /// True while the database is known to be unreachable (the last connection attempt failed).
    public var isUnavailable: Bool { runner.pool.isDown }

    /// The current time as an audit timestamp.
    func timestamp() -> String { AuditTimestamp.string(from: now()) }

    public func appendAudit(_ entries: [AuditEntry]) async throws(LedgerError) -> [AuditRow] {
        guard !entries.isEmpty else { return [] }
        // Checked before batching: one caller's unstorable entry must not fail the others' rows of the same commit.
        try entries.checkStorable()
        return try await batcher.append(entries)
    }

    public func auditRows(after sequence: Int64, limit: Int) async throws(LedgerError) -> [AuditRow] {
        try await runner.read { connection in
            try await PostgresRunner.auditRows(after: sequence, limit: limit, on: connection, logger: self.logger)
        }
    }

    public func auditRows(action: String, after sequence: Int64, limit: Int) async throws(LedgerError) -> [AuditRow] {
        try await runner.read { connection in
            try await PostgresRunner.auditRows(
                action: action, after: sequence, limit: limit, on: connection, logger: self.logger)
        }
    }
}

/// Runs reads and transactions on the pool and maps every failure to `LedgerError`.
struct PostgresRunner: Sendable {
    let pool: PostgresPool
    let settings: PostgresLedgerConfiguration
    let logger: Logger

    /// The longest one read or transaction may take before the gateway gives up on it: twice the server's statement
    /// timeout plus 100 s. Outages fail at once and a lost connection within half a second; this only bounds a
    /// connection that silently stopped answering (a dropped network), generously, because a loaded machine is slow.
    var deadline: Duration {
        .milliseconds(2 * settings.statementTimeoutMilliseconds) + .seconds(100)
    }

    /// A failure on a freshly leased connection before anything was sent: safe to retry on another connection.
    private struct StaleConnection: Error {
        let underlying: any Error
    }

    /// Runs an idempotent read; retried once on a new connection when the connection (not the server) failed.
    func read<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(LedgerError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await pool.withConnection(deadline: deadline, body)
            } catch {
                if attempt == 1, !(error is LedgerError), !PostgresErrors.isServerError(error) { continue }
                throw PostgresErrors.mapped(error, endpoint: settings.endpoint)
            }
        }
    }

    /// Runs `body` in one transaction (READ COMMITTED). It is retried once only if the connection failed before the
    /// transaction began; once `COMMIT` is sent, a failure is reported as `.unavailable` (the outcome is unknown).
    func write<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(LedgerError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await pool.withConnection(deadline: deadline) { [logger] connection in
                    do {
                        try await connection.query("BEGIN", logger: logger)
                    } catch {
                        if PostgresErrors.isServerError(error) { throw error }
                        throw StaleConnection(underlying: error)
                    }
                    let result: T
                    do {
                        result = try await body(connection)
                    } catch {
                        do {
                            try await connection.query("ROLLBACK", logger: logger)
                        } catch {
                            // A connection whose transaction state is unknown is never reused.
                            try? await connection.close()
                        }
                        throw error
                    }
                    try await connection.query("COMMIT", logger: logger)
                    return result
                }
            } catch let error as StaleConnection {
                if attempt == 1 { continue }
                throw PostgresErrors.mapped(error.underlying, endpoint: settings.endpoint)
            } catch {
                throw PostgresErrors.mapped(error, endpoint: settings.endpoint)
            }
        }
    }
}
