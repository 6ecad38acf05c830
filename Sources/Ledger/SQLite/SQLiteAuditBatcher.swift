import Foundation
import GRDB
import Synchronization

/// Group commit for audit appends: requests that arrive while a commit is in flight are written together in the
/// next transaction, so many concurrent verdicts share one fsync. Each caller still returns only after its own
/// rows are durably committed, in chain order.
package final class SQLiteAuditBatcher: Sendable {
    private struct Pending {
        var entries: [AuditEntry]
        var continuation: CheckedContinuation<Result<[AuditRow], LedgerError>, Never>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
    }

    private let state = Mutex(State())
    private let commit: @Sendable ([AuditEntry]) async -> Result<[AuditRow], LedgerError>

    /// `commit` writes all entries of a batch in one transaction and returns their rows in order.
    package init(commit: @escaping @Sendable ([AuditEntry]) async -> Result<[AuditRow], LedgerError>) {
        self.commit = commit
    }

    package func append(_ entries: [AuditEntry]) async throws(LedgerError) -> [AuditRow] {
        let result = await withCheckedContinuation { continuation in
            let startDrain = state.withLock { state in
                state.pending.append(Pending(entries: entries, continuation: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrain { Task { await self.drain() } }
        }
        return try result.get()
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state in
                let batch = state.pending
                state.pending = []
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            let result = await commit(batch.flatMap(\.entries))
            switch result {
            case .success(let rows):
                var offset = 0
                for request in batch {
                    let count = request.entries.count
                    request.continuation.resume(returning: .success(Array(rows[offset..<offset + count])))
                    offset += count
                }
            case .failure(let error):
                for request in batch { request.continuation.resume(returning: .failure(error)) }
            }
        }
    }
}
