import Foundation
import GRDB
import Testing

@testable import Ledger

/// A reader maps the database file only while nothing is written (see `MappingPolicy`).
@Suite struct ReaderMappingTests {
    @Test func stopsMappingAtACommitAndMapsAgainAfterQuietBatches() {
        var policy = MappingPolicy()
        #expect(policy.observe(dataVersion: 1) == nil)
        #expect(policy.observe(dataVersion: 1) == nil)
        #expect(policy.observe(dataVersion: 2) == MappingPolicy.unmapSQL)
        #expect(policy.observe(dataVersion: 3) == nil)
        for _ in 1..<MappingPolicy.quietBatches { #expect(policy.observe(dataVersion: 3) == nil) }
        #expect(policy.observe(dataVersion: 3) == MappingPolicy.mapSQL)
        #expect(policy.mapped)
        #expect(policy.observe(dataVersion: 3) == nil)
    }

    /// The real reader on a real ledger: commits from the writer turn its mapping off, quiet reads turn it on.
    @Test func aReaderFollowsTheWritesItSees() async throws {
        let path = TestLedgers.temporaryPath()
        let ledger = try TestLedgers.sqlite(path: path)
        let reader = try SQLiteReadExecutor(path: path, threads: 1)
        defer { reader.shutdown() }
        func mmapSize() async throws -> Int64? {
            try await reader.read { connection in try Int64.fetchOne(connection.db, sql: "PRAGMA mmap_size") }
        }
        #expect(try await mmapSize() ?? 0 > 0)
        _ = try await ledger.appendAudit(AuditEntry(actor: Actor(.station, "dock-1"), action: "test.write"))
        _ = try await mmapSize()  // this batch sees the commit
        #expect(try await mmapSize() == 0)
        for _ in 0..<MappingPolicy.quietBatches { _ = try await mmapSize() }
        #expect(try await mmapSize() ?? 0 > 0)
    }
}
