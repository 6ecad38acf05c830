import Synchronization

/// The parts that must be up before the daemon tells systemd it is ready.
public enum ReadinessComponent: String, Sendable, Hashable, CaseIterable {
    /// The ledger is open and answered a read.
    case ledger
    /// The two-operator step state is restored from the audit trail.
    case steps
    /// This gateway is held and its interrupted print jobs of earlier runs are settled.
    case recovery
    /// The first device enumeration is done (scanners opened, printers checked).
    case devices
    /// The API socket is bound with its mode and group set.
    case api

    /// What must be up before the API decides anything (scans, prints, steps): until then it answers 503.
    public static let decisions: Set<ReadinessComponent> = [.ledger, .steps, .recovery]
}

/// Waits for every component to report up; `READY=1` is sent only after `waitUntilReady()` returns. A component not
/// up yet may say what it waits for (`waiting(_:for:)`), which the status endpoint and the 503 answers show.
public final class Readiness: Sendable {
    private struct State {
        var up: Set<ReadinessComponent> = []
        var waiting: [ReadinessComponent: String] = [:]
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
            state.waiting[component] = nil
            guard required.isSubset(of: state.up) else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in resume { waiter.resume() }
    }

    /// Records why `component` is not up yet (no patient data: a reason for operators).
    public func waiting(_ component: ReadinessComponent, for reason: String) {
        state.withLock { state in
            if !state.up.contains(component) { state.waiting[component] = reason }
        }
    }

    /// The components up so far.
    public var up: Set<ReadinessComponent> { state.withLock { $0.up } }

    /// Every required component not up yet, with what it waits for ("starting" when it said nothing).
    public var notReady: [ReadinessComponent: String] {
        state.withLock { state in
            var out: [ReadinessComponent: String] = [:]
            for component in required where !state.up.contains(component) {
                out[component] = state.waiting[component] ?? "starting"
            }
            return out
        }
    }

    /// Whether every required component is up.
    public var isReady: Bool { required.isSubset(of: up) }

    /// Whether the API may decide: the ledger, the step state and recovery are up.
    public var servesDecisions: Bool { ReadinessComponent.decisions.isSubset(of: up) }

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
