import Synchronization

/// The parts that must be up before the daemon tells systemd it is ready.
public enum ReadinessComponent: String, Sendable, Hashable, CaseIterable {
    /// The ledger is open and answered a read.
    case ledger
    /// The first device enumeration is done (scanners opened, printers checked).
    case devices
    /// The API socket is bound with its mode and group set.
    case api
}

/// Waits for every component to report up; `READY=1` is sent only after `waitUntilReady()` returns.
public final class Readiness: Sendable {
    private struct State {
        var up: Set<ReadinessComponent> = []
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let required: Set<ReadinessComponent>

    /// Creates a latch requiring `required` components.
    public init(required: Set<ReadinessComponent> = Set(ReadinessComponent.allCases)) {
        self.required = required
    }

    /// Marks a component up.
    public func markUp(_ component: ReadinessComponent) {
        let resume = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.up.insert(component)
            guard required.isSubset(of: state.up) else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in resume { waiter.resume() }
    }

    /// The components up so far.
    public var up: Set<ReadinessComponent> { state.withLock { $0.up } }

    /// Whether every required component is up.
    public var isReady: Bool { required.isSubset(of: up) }

    /// Returns once every required component is up, or when the task is cancelled (check `isReady`).
    public func waitUntilReady() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if required.isSubset(of: state.up) || Task.isCancelled { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiters = state.withLock { state in
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }
}
