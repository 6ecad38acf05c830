import Foundation
import GRDB
import Testing

@testable import Ledger

/// The SQLite ledger fsyncs the WAL at every commit (`synchronous = FULL` on the writer), so an audit row that was
/// returned survives power loss.
@Suite struct DurabilityTests {
    @Test func theWriterConnectionSyncsEveryCommit() async throws {
        let ledger = try TestLedgers.sqlite()
        // 2 is FULL; GRDB's WAL set-up would leave 1 (NORMAL), which syncs only at checkpoints.
        let level = try await ledger.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(level == 2)
        let mode = try await ledger.pool.write { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}
