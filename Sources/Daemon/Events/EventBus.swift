import Foundation
import Synchronization

/// Fans events out to every subscriber without ever waiting for one.
///
/// Each subscriber gets its own bounded buffer (`capacity` events). Publishing never blocks: a subscriber whose
/// buffer is full has fallen behind (a client that does not read), so it is closed and removed; its stream ends
/// after the events already buffered plus a final `overflow` marker is not guaranteed. Memory per subscriber is
/// bounded by `capacity`, and the gate, which publishes, is never slowed by a client.
public final class EventBus: Sendable {
    private struct State {
        var nextID = 0
        var sequence: UInt64 = 0
        var subscribers: [Int: AsyncStream<DaemonEvent>.Continuation] = [:]
        var dropped = 0
        var finished = false
    }

    private let state = Mutex(State())
    /// Events buffered per subscriber.
    public let capacity: Int

    /// Creates a bus with `capacity` events of buffer per subscriber.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// A new subscription; it ends when the bus closes it (overflow, shutdown) or the consumer stops iterating.
    public func subscribe() -> AsyncStream<DaemonEvent> {
        let (stream, continuation) = AsyncStream<DaemonEvent>.makeStream(bufferingPolicy: .bufferingOldest(capacity))
        let id = state.withLock { state -> Int? in
            guard !state.finished else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            // Shutting down: the stream ends at once, so the API can drain.
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Publishes `event` to every subscriber, stamping its sequence number; returns the stamped event.
    @discardableResult
    public func publish(_ event: DaemonEvent) -> DaemonEvent {
        var stamped = event
        let (targets, _) = state.withLock { state -> ([(Int, AsyncStream<DaemonEvent>.Continuation)], Void) in
            state.sequence += 1
            stamped.sequence = state.sequence
            return (Array(state.subscribers), ())
        }
        var overflowed: [Int] = []
        for (id, continuation) in targets {
            if case .dropped = continuation.yield(stamped) { overflowed.append(id) }
        }
        if !overflowed.isEmpty {
            let closing = state.withLock { state in
                state.dropped += overflowed.count
                return overflowed.compactMap { state.subscribers.removeValue(forKey: $0) }
            }
            for continuation in closing { continuation.finish() }
        }
        return stamped
    }

    /// Number of live subscribers.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Number of subscribers closed because they fell behind.
    public var droppedSubscribers: Int { state.withLock { $0.dropped } }

    /// Ends every subscription, and any made later (shutdown).
    public func finish() {
        let all = state.withLock { state in
            state.finished = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for continuation in all { continuation.finish() }
    }
}
