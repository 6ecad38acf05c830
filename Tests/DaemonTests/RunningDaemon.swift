import Daemon
import Foundation
import ServiceLifecycle
import Testing

/// The daemon's whole service group running in-process on the fixture's ledger, API on its Unix socket.
final class RunningDaemon: Sendable {
    let built: LabelgateDaemon.Built
    let task: Task<Void, any Error>
    let socket: String

    init(_ fixture: DaemonFixture, environment: [String: String] = [:]) async throws {
        built = try LabelgateDaemon.build(
            configuration: fixture.configuration, store: fixture.ledger, logger: DaemonFixture.logger,
            environment: environment, signals: [])
        socket = fixture.configuration.daemon.socket
        let group = built.group
        task = Task { try await group.run() }
        let deadline = ContinuousClock.now + .seconds(20)
        while !built.core.readiness.isReady {
            guard ContinuousClock.now < deadline else {
                stop()
                throw DaemonTestError("the daemon was not ready within 20 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Starts a graceful shutdown (as SIGTERM does).
    func stop() {
        let group = built.group
        Task { await group.triggerGracefulShutdown() }
    }

    /// Shuts down and waits (bounded) for the group to return.
    func stopAndWait() async throws {
        try await shutDown(built.group, running: task)
    }
}

/// Shuts a daemon's service group down gracefully (as SIGTERM does) and waits for `running`, the task running it.
/// Generous bound: CI machines are shared; a hang still ends the test.
func shutDown(_ group: ServiceGroup, running: Task<Void, any Error>) async throws {
    await group.triggerGracefulShutdown()
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await running.value }
        tasks.addTask {
            try await Task.sleep(for: .seconds(30))
            throw DaemonTestError("the daemon did not stop within 30 s")
        }
        try await tasks.next()
        tasks.cancelAll()
    }
}

struct DaemonTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs blocking work (socket reads, waiting for a subprocess) on its own thread, never on the cooperative pool:
/// with two cores the pool has two threads, and the in-process daemon's handlers need them.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try work())
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}
