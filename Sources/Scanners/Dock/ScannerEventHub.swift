import Foundation

/// Fans the dock's events out to any number of subscribers (the daemon's API, a kiosk page, a test).
final class ScannerEventHub: @unchecked Sendable {
    // Confined by `lock`: the subscriber list is touched from the dock's task and from subscribers.
    private let lock = NSLock()
    private var continuations: [UUID: AsyncStream<ScannerEvent>.Continuation] = [:]
    private var finished = false

    func subscribe() -> AsyncStream<ScannerEvent> {
        let (stream, continuation) = AsyncStream<ScannerEvent>.makeStream(bufferingPolicy: .unbounded)
        let id = UUID()
        lock.lock()
        defer { lock.unlock() }
        if finished {
            continuation.finish()
            return stream
        }
        continuations[id] = continuation
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return stream
    }

    func publish(_ event: ScannerEvent) {
        lock.lock()
        let targets = Array(continuations.values)
        lock.unlock()
        for continuation in targets { continuation.yield(event) }
    }

    func finish() {
        lock.lock()
        finished = true
        let targets = Array(continuations.values)
        continuations = [:]
        lock.unlock()
        for continuation in targets { continuation.finish() }
    }

    private func remove(_ id: UUID) {
        lock.lock()
        continuations[id] = nil
        lock.unlock()
    }
}
