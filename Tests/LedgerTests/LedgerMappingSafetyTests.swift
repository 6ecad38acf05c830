import Foundation
import GRDB
import LabelgateCore
import LedgerConformance
import Logging
import Testing

@testable import Ledger

/// The ledger as the daemon opens it never memory-maps the database file: a disk read error under a mapped page is a
/// SIGBUS that kills the process, where a read through `pread` is an SQLite error the gate refuses with.
@Suite struct LedgerMappingSafetyTests {
    /// Lines of /proc/self/maps naming exactly `path` (not its -wal or -shm).
    static func mappings(of path: String) throws -> [String] {
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        return maps.split(separator: "\n").map(String.init).filter { $0.hasSuffix(" " + path) || $0.hasSuffix("\t" + path) }
    }

    @Test func theDefaultLedgerNeverMapsItsFileEvenWhenQuiet() async throws {
        let path = TestLedgers.temporaryPath()
        let ledger = try TestLedgers.sqlite(path: path)
        let record = try SampleRecords.record()
        try await ledger.addRecord(record, by: Actor(.operator, "clerk"))
        let label = try await ledger.issueLabel(LabelRequest(coi: record.coi, din: record.dins[0]), by: .system)
        try await ledger.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        // More quiet batches than `MappingPolicy` waits before it would map a mapping reader again.
        for _ in 0..<(2 * MappingPolicy.quietBatches) {
            #expect(try await ledger.verificationContext(serial: label.serial)?.label.serial == label.serial)
        }
        let readerSize = try await ledger.reader.read { connection in
            try Int64.fetchOne(connection.db, sql: "PRAGMA mmap_size")
        }
        #expect(readerSize == 0)
        #expect(try await ledger.read { db in try Int64.fetchOne(db, sql: "PRAGMA mmap_size") } == 0)
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        #expect(try Self.mappings(of: resolved).isEmpty && Self.mappings(of: path).isEmpty)
    }

    @Test func anOptedInLedgerDoesMapItsFile() async throws {
        // The check above can fail: with mapping on, the file shows in /proc/self/maps.
        let path = TestLedgers.temporaryPath()
        let ledger = try SQLiteLedger(path: path, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, memoryMapping: true)
        try await ledger.addRecord(try SampleRecords.record(), by: Actor(.operator, "clerk"))
        // Pages read from the database file itself (not the WAL) are the mapped ones.
        try await ledger.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        for _ in 0..<(2 * MappingPolicy.quietBatches) {
            _ = try await ledger.reader.read { connection in try Int64.fetchOne(connection.db, sql: "SELECT count(*) FROM labels") }
        }
        _ = try await ledger.reader.read { connection in try Int64.fetchOne(connection.db, sql: "SELECT count(*) FROM labels") }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        #expect(!(try Self.mappings(of: resolved) + Self.mappings(of: path)).isEmpty)
    }
}
