import Foundation
import Synchronization

/// Runs a job's renders (libzint, Cairo and zxing-cpp: blocking C work) on dedicated threads, never on the Swift
/// cooperative pool: `workers` threads take the copies in order from a shared cursor, and the call resumes once
/// every copy has its result, in copy order.
enum RenderWorkers {
    /// One worker per core of a print station (the machine the targets are set for has two).
    static let workers = 2

    static func map<Output: Sendable>(
        count: Int, _ body: @escaping @Sendable (Int) -> Output
    ) async -> [Output] {
        guard count > 0 else { return [] }
        return await withCheckedContinuation { (continuation: CheckedContinuation<[Output], Never>) in
            let shared = Shared<Output>(count: count)
            let threads = min(workers, count)
            for _ in 0..<threads {
                let thread = Thread {
                    while let index = shared.next() { shared.set(index, body(index)) }
                    if let results = shared.finishWorker(of: threads) { continuation.resume(returning: results) }
                }
                thread.name = "labelgate-render"
                thread.start()
            }
        }
    }

    private final class Shared<Output: Sendable>: Sendable {
        private struct State {
            var cursor = 0
            var finished = 0
            var results: [Output?]
        }
        private let count: Int
        private let state: Mutex<State>

        init(count: Int) {
            self.count = count
            state = Mutex(State(results: Array(repeating: nil, count: count)))
        }

        func next() -> Int? {
            state.withLock { state in
                guard state.cursor < count else { return nil }
                defer { state.cursor += 1 }
                return state.cursor
            }
        }

        func set(_ index: Int, _ output: Output) { state.withLock { $0.results[index] = output } }

        /// Every result, once the last of `threads` workers is done; nil for the others.
        func finishWorker(of threads: Int) -> [Output]? {
            state.withLock { state in
                state.finished += 1
                return state.finished == threads ? state.results.map { $0! } : nil
            }
        }
    }
}
