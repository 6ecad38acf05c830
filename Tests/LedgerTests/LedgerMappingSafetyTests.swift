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
        // Read to the end in chunks: /proc files report size 0, and a one-shot read may stop at the first page.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps"))
        defer { try? handle.close() }
        var data = Data()
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty { data.append(chunk) }
        let maps = String(decoding: data, as: UTF8.self)
        return maps.split(separator: "\n").map(String.init).filter {
            $0.hasSuffix(" " + path) || $0.hasSuffix("\t" + path)
        }
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
        // The check above can fail: with mapping on, the file shows in /proc/self/maps. A ledger written and
        // checkpointed first, then opened again with mapping on: its fresh readers fetch every page through the map.
        let path = TestLedgers.temporaryPath()
        do {
            let writer = try TestLedgers.sqlite(path: path)
            try await writer.addRecord(try SampleRecords.record(), by: Actor(.operator, "clerk"))
            try await writer.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        }
        let ledger = try SQLiteLedger(
            path: path, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, memoryMapping: true)
        _ = try await ledger.reader.read { connection in
            try String.fetchAll(connection.db, sql: "SELECT coi FROM records")
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        #expect(!(try Self.mappings(of: resolved) + Self.mappings(of: path)).isEmpty)
    }
}
