import Ledger
import Logging
import PostgresNIO
import Synchronization

/// The connections of one gateway: at most `poolSize`, opened on demand, reused while healthy.
///
/// While the database is unreachable the pool fails fast: every call gets `.unavailable` with the reason of the last
/// failed connection attempt, and a new attempt is made at most once per `retryInterval`, so the gate refuses at
/// once (it never waits or guesses) and recovers by itself within one interval of the database's return.
final class PostgresPool: Sendable {
    private enum Grant {
        case connection(PostgresConnection)
        /// A pool slot was freed: the waiter may open a connection of its own.
        case slot
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Grant, any Error>
    }

    private struct Outage {
        var reason: LedgerError
        var retryAt: ContinuousClock.Instant
    }

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiter: UInt64 = 0
        var nextConnectionID = 0
        var outage: Outage?
        var closed = false
    }

    private enum Decision {
        case use(PostgresConnection)
        case connect(id: Int)
        case wait
        case fail(LedgerError)
    }

    private let state = Mutex(State())
    private let settings: PostgresLedgerConfiguration
    private let connection: PostgresConnection.Configuration
    private let logger: Logger

    init(settings: PostgresLedgerConfiguration, logger: Logger) throws(LedgerError) {
        self.settings = settings
        self.connection = try settings.connectionConfiguration()
        self.logger = logger
    }

    /// True while the last connection attempt failed (until one succeeds).
    var isDown: Bool { state.withLock { $0.outage != nil } }

    /// True once `close()` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs `body` on a pooled connection. The connection goes back to the pool unless `body` failed with anything
    /// other than a server error (a broken or dropped connection is closed, never reused). Errors are passed through
    /// unmapped; a failure to get a connection is a `LedgerError`.
    ///
    /// If the server does not answer within `deadline` (a dropped network, or a request lost on a connection that
    /// closed under it), the connection is closed and the call fails with `.unavailable`: the gate never hangs.
    func withConnection<T: Sendable>(
        deadline: Duration, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await lease()
        switch await Self.race(deadline, closed: connection.closeFuture, { try await body(connection) }) {
        case .success(let result):
            release(connection, reusable: true)
            return result
        case .failure(let error as DeadlineExceeded):
            release(connection, reusable: false)
            logger.error("PostgreSQL did not answer in time", metadata: ["endpoint": "\(settings.endpoint)"])
            throw LedgerError(
                .unavailable, "PostgreSQL at \(settings.endpoint) did not answer within \(error.deadline)")
        case .failure(is ConnectionLost):
            release(connection, reusable: false)
            throw LedgerError(.unavailable, "the connection to PostgreSQL at \(settings.endpoint) was lost")
        case .failure(let error):
            release(connection, reusable: PostgresErrors.isServerError(error) || error is LedgerError)
            throw error
        }
    }

    /// The connection closed and the request did not fail by itself soon after (a request written to a connection
    /// that had just closed is never answered).
    struct ConnectionLost: Error {}

    struct DeadlineExceeded: Error {
        var deadline: Duration
    }

    /// `body`'s result, or `DeadlineExceeded` once `deadline` has passed (whether or not `body` ever returns).
    static func race<T: Sendable>(
        _ deadline: Duration, closed: EventLoopFuture<Void>, _ body: @escaping @Sendable () async throws -> T
    ) async -> Result<T, any Error> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
            let resumed = Mutex(false)
            let finish: @Sendable (Result<T, any Error>) -> Bool = { result in
                let first = resumed.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: result) }
                return first
            }
            let work = Task {
                do {
                    _ = finish(.success(try await body()))
                } catch {
                    _ = finish(.failure(error))
                }
            }
            Task {
                try? await Task.sleep(for: deadline)
                if finish(.failure(DeadlineExceeded(deadline: deadline))) { work.cancel() }
            }
            closed.whenComplete { _ in
                Task {
                    try? await Task.sleep(for: .milliseconds(500))
                    if finish(.failure(ConnectionLost())) { work.cancel() }
                }
            }
        }
    }

    /// Opens a connection outside the pool (for LISTEN), failing fast while the database is down.
    func openDedicated() async throws(LedgerError) -> PostgresConnection {
        if isClosed { throw LedgerError(.unavailable, "the PostgreSQL ledger is closed") }
        let id = state.withLock { state in
            state.nextConnectionID += 1
            return state.nextConnectionID
        }
        return try await connect(id: id, countsTowardsPool: false)
    }

    /// Closes every idle connection and refuses new work; connections in use close when they are released.
    func close() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer {
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: LedgerError(.unavailable, "the PostgreSQL ledger is closed"))
        }
        for connection in idle { try? await connection.close() }
    }

    private func lease() async throws(LedgerError) -> PostgresConnection {
        while true {
            let now = ContinuousClock.now
            let decision: Decision = state.withLock { state in
                if state.closed { return .fail(LedgerError(.unavailable, "the PostgreSQL ledger is closed")) }
                while let connection = state.idle.popLast() {
                    if !connection.isClosed { return .use(connection) }
                    state.open -= 1
                }
                if let outage = state.outage, now < outage.retryAt { return .fail(outage.reason) }
                guard state.open < settings.poolSize else { return .wait }
                state.open += 1
                state.nextConnectionID += 1
                return .connect(id: state.nextConnectionID)
            }
            switch decision {
            case .use(let connection): return connection
            case .fail(let error): throw error
            case .connect(let id): return try await connect(id: id, countsTowardsPool: true)
            case .wait:
                switch try await waitForGrant() {
                case .connection(let connection):
                    if !connection.isClosed { return connection }
                    release(connection, reusable: false)
                case .slot:
                    let id = state.withLock { state in
                        state.nextConnectionID += 1
                        return state.nextConnectionID
                    }
                    return try await connect(id: id, countsTowardsPool: true)
                }
            }
        }
    }

    private func connect(id: Int, countsTowardsPool: Bool) async throws(LedgerError) -> PostgresConnection {
        if let outage = state.withLock({ $0.outage }), ContinuousClock.now < outage.retryAt {
            if countsTowardsPool { releaseSlot() }
            throw outage.reason
        }
        do {
            let connection = try await PostgresConnection.connect(
                configuration: self.connection, id: id, logger: logger)
            let recovered = state.withLock { state in
                defer { state.outage = nil }
                return state.outage != nil
            }
            if recovered { logger.notice("PostgreSQL ledger reachable again", metadata: ["endpoint": "\(settings.endpoint)"]) }
            return connection
        } catch {
            let reason = PostgresErrors.mapped(error, endpoint: settings.endpoint)
            let first = state.withLock { state in
                defer { state.outage = Outage(reason: reason, retryAt: .now + settings.retryInterval) }
                return state.outage == nil
            }
            if first {
                logger.error(
                    "PostgreSQL ledger unreachable; refusing until it returns",
                    metadata: ["endpoint": "\(settings.endpoint)", "reason": "\(reason.reason)"])
            }
            if countsTowardsPool { releaseSlot() }
            throw reason
        }
    }

    private func waitForGrant() async throws(LedgerError) -> Grant {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Grant, any Error>) in
                    let enqueued = state.withLock { state in
                        if state.closed || Task.isCancelled { return false }
                        state.waiters.append(Waiter(id: id, continuation: continuation))
                        return true
                    }
                    if !enqueued { continuation.resume(throwing: CancellationError()) }
                }
            } onCancel: {
                let waiter = state.withLock { state -> Waiter? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index)
                }
                waiter?.continuation.resume(throwing: CancellationError())
            }
        } catch {
            throw PostgresErrors.mapped(error, endpoint: settings.endpoint)
        }
    }

    private func release(_ connection: PostgresConnection, reusable: Bool) {
        let healthy = reusable && !connection.isClosed
        let (waiter, closeIt) = state.withLock { state -> (Waiter?, Bool) in
            if state.closed {
                state.open -= 1
                return (nil, true)
            }
            let waiter = state.waiters.isEmpty ? nil : state.waiters.removeFirst()
            if healthy {
                if waiter == nil { state.idle.append(connection) }
                return (waiter, false)
            }
            if waiter == nil { state.open -= 1 }
            return (waiter, true)
        }
        if closeIt { Self.closeSoon(connection) }
        if let waiter { waiter.continuation.resume(returning: healthy ? .connection(connection) : .slot) }
    }

    /// Closes `connection` in the background, keeping it alive until it is closed (PostgresNIO requires that).
    static func closeSoon(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    deinit {
        for connection in state.withLock({ $0.idle }) { Self.closeSoon(connection) }
    }

    /// Gives back a slot whose connection attempt failed: to a waiter, or to the pool.
    private func releaseSlot() {
        let waiter = state.withLock { state -> Waiter? in
            if state.waiters.isEmpty {
                state.open -= 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: .slot)
    }
}
