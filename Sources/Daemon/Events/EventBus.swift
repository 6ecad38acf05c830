import Foundation
import Synchronization

/// What an event-stream client receives: events, and heartbeats while nothing happens.
public enum EventStreamItem: Sendable, Hashable {
    /// An event.
    case event(DaemonEvent)
    /// Nothing happened for `event_heartbeat_seconds` (written as an SSE comment, which clients skip).
    case heartbeat
}

/// Fans events out to every subscriber without ever waiting for one.
///
/// Each subscriber gets its own bounded buffer (`capacity` events). Publishing never blocks: a subscriber whose
/// buffer is full has fallen behind (a client that does not read), so it is closed and removed; its stream ends
/// after the events already buffered plus a final `overflow` marker is not guaranteed. Memory per subscriber is
/// bounded by `capacity`, and the gate, which publishes, is never slowed by a client. The API's event streams also
/// get heartbeats (`heartbeat()`), which count against the same buffer: a stream whose writer is stuck on a client
/// that stopped reading fills up and is closed even when no event is published.
public final class EventBus: Sendable {
    private enum Sink: Sendable {
        case events(AsyncStream<DaemonEvent>.Continuation)
        case items(AsyncStream<EventStreamItem>.Continuation)

        /// False when the subscriber's buffer is full.
        func yield(_ event: DaemonEvent) -> Bool {
            switch self {
            case .events(let continuation):
                if case .dropped = continuation.yield(event) { return false }
            case .items(let continuation):
                if case .dropped = continuation.yield(.event(event)) { return false }
            }
            return true
        }

        /// False when the subscriber's buffer is full; subscribers without heartbeats are skipped.
        func heartbeat() -> Bool {
            guard case .items(let continuation) = self else { return true }
            if case .dropped = continuation.yield(.heartbeat) { return false }
            return true
        }

        func finish() {
            switch self {
            case .events(let continuation): continuation.finish()
            case .items(let continuation): continuation.finish()
            }
        }
    }

    private struct State {
        var nextID = 0
        var sequence: UInt64 = 0
        var subscribers: [Int: Sink] = [:]
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
        if let id = register(.events(continuation)) {
            continuation.onTermination = { [weak self] _ in self?.remove(id) }
        }
        return stream
    }

    /// A new subscription with heartbeats (the API's event streams). One more place is kept for a heartbeat.
    public func subscribeWithHeartbeats() -> AsyncStream<EventStreamItem> {
        let (stream, continuation) = AsyncStream<EventStreamItem>.makeStream(
            bufferingPolicy: .bufferingOldest(capacity + 1))
        if let id = register(.items(continuation)) {
            continuation.onTermination = { [weak self] _ in self?.remove(id) }
        }
        return stream
    }

    /// Registers `sink`; nil (and the sink finished) when the bus is shutting down, so the API can drain.
    private func register(_ sink: Sink) -> Int? {
        let id = state.withLock { state -> Int? in
            guard !state.finished else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = sink
            return state.nextID
        }
        if id == nil { sink.finish() }
        return id
    }

    private func remove(_ id: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    /// Publishes `event` to every subscriber, stamping its sequence number; returns the stamped event.
    @discardableResult
    public func publish(_ event: DaemonEvent) -> DaemonEvent {
        var stamped = event
        let targets = state.withLock { state -> [(Int, Sink)] in
            state.sequence += 1
            stamped.sequence = state.sequence
            return Array(state.subscribers)
        }
        close(targets.filter { !$0.1.yield(stamped) }.map(\.0))
        return stamped
    }

    /// Sends a heartbeat to every subscriber that takes them; one whose buffer is full is closed.
    public func heartbeat() {
        let targets = state.withLock { Array($0.subscribers) }
        close(targets.filter { !$0.1.heartbeat() }.map(\.0))
    }

    /// Closes the subscribers that fell behind.
    private func close(_ overflowed: [Int]) {
        guard !overflowed.isEmpty else { return }
        let closing = state.withLock { state in
            let removed = overflowed.compactMap { state.subscribers.removeValue(forKey: $0) }
            state.dropped += removed.count
            return removed
        }
        for sink in closing { sink.finish() }
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
        for sink in all { sink.finish() }
    }
}
