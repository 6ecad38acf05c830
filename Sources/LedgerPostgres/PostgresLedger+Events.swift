import Ledger
import Logging
import PostgresNIO
import Synchronization

extension PostgresLedger {
    /// Ledger events from every gateway, in audit order, as they commit.
    ///
    /// A dedicated connection LISTENs on the schema's channel; each NOTIFY (one per audit commit) wakes it to read
    /// the new audit rows. Because events are read from the audit trail and not from the notifications themselves,
    /// none is lost or repeated: after a database outage the feed reconnects by itself and delivers what it missed.
    /// Starts after `sequence` (default: the head when the feed first connects). The stream ends when the consumer
    /// stops iterating or the ledger is closed.
    public func events(after sequence: Int64? = nil) -> AsyncStream<LedgerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: LedgerEvent.self)
        let feed = PostgresEventFeed(runner: runner, continuation: continuation)
        feeds.withLock { $0.append(feed) }
        let task = Task { await feed.run(after: sequence) }
        continuation.onTermination = { [weak self] _ in
            task.cancel()
            feed.stop()
            self?.feeds.withLock { $0.removeAll { $0 === feed } }
        }
        return stream
    }
}

/// One subscriber's LISTEN connection and cursor.
final class PostgresEventFeed: Sendable {
    private let runner: PostgresRunner
    private let continuation: AsyncStream<LedgerEvent>.Continuation
    private let connection = Mutex<(stopped: Bool, current: PostgresConnection?)>((false, nil))
    static let pageSize = 500

    init(runner: PostgresRunner, continuation: AsyncStream<LedgerEvent>.Continuation) {
        self.runner = runner
        self.continuation = continuation
    }

    /// Ends the feed and closes its connection (which also ends a wait for notifications).
    func stop() {
        let current = connection.withLock { state in
            state.stopped = true
            return state.current
        }
        if let current { PostgresPool.closeSoon(current) }
    }

    func run(after start: Int64?) async {
        var cursor = start
        let logger = runner.logger
        while !Task.isCancelled, !connection.withLock({ $0.stopped }), !runner.pool.isClosed {
            do {
                let listener = try await runner.pool.openDedicated()
                let stopped = connection.withLock { state in
                    state.current = listener
                    return state.stopped
                }
                defer { PostgresPool.closeSoon(listener) }
                if stopped { break }
                // A request written just as the connection closes is never answered: the race ends the session then.
                let position = Mutex<Int64?>(cursor)
                let channel = runner.settings.eventChannel
                let session = await PostgresPool.race(.seconds(31_536_000), closed: listener.closeFuture) {
                    try await listener.listen(on: channel) { notifications in
                        // LISTEN is active before the catch-up read, so nothing committed from here on is missed.
                        var known = position.withLock { $0 }
                        try await self.catchUp(&known, on: listener)
                        position.withLock { $0 = known }
                        for try await notification in notifications {
                            if let head = Int64(notification.payload), let seen = known, head <= seen { continue }
                            try await self.catchUp(&known, on: listener)
                            position.withLock { $0 = known }
                        }
                    }
                }
                cursor = position.withLock { $0 }
                if case .failure(let error) = session { throw error }
            } catch {
                if Task.isCancelled || connection.withLock({ $0.stopped }) { break }
                logger.warning(
                    "ledger event feed interrupted; reconnecting",
                    metadata: ["error": "\(PostgresErrors.mapped(error, endpoint: runner.settings.endpoint).reason)"])
            }
            try? await Task.sleep(for: runner.settings.retryInterval)
        }
        continuation.finish()
    }

    /// Delivers every audit row after `cursor` (or, the first time without one, starts at the current head).
    private func catchUp(_ cursor: inout Int64?, on connection: PostgresConnection) async throws {
        let logger = runner.logger
        guard let start = cursor else {
            let rows = try await connection.query(
                "SELECT coalesce(max(seq), 0)::int8 FROM audit_log", logger: logger
            ).collect()
            cursor = try rows.first.map { row throws(LedgerError) in try Columns(row).integer(0) } ?? 0
            return
        }
        var after = start
        while true {
            let page = try await PostgresRunner.auditRows(
                after: after, limit: Self.pageSize, on: connection, logger: logger)
            for row in page { continuation.yield(LedgerEvent(auditRow: row)) }
            guard let last = page.last else { break }
            after = last.sequence
            cursor = after
            if page.count < Self.pageSize { break }
        }
    }
}
