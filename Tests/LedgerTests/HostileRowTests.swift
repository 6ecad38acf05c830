import Foundation
import GRDB
import LabelgateCore
import LedgerConformance
import Testing

@testable import Ledger

/// Values read back from a tampered ledger file are checked: a negative serial, a hash version or reprint reference
/// out of range is `ledger.corrupt`, never a trap and never clamped into another valid value.
@Suite struct HostileRowTests {
    @Test(arguments: [
        "(-5, 1, NULL)", "(9, 300, NULL)", "(10, -1, NULL)", "(11, 1, -3)", "(12, 1, 99999999999)",
    ])
    func outOfRangeLabelColumnsAreCorruptNotATrap(values: String) async throws {
        let path = TestLedgers.temporaryPath()
        let ledger = try TestLedgers.sqlite(path: path)
        let record = try SampleRecords.record()
        try await ledger.addRecord(record, by: Actor(.operator, "clerk"))
        // Another program writes the row directly (no labelgate checks, no foreign keys).
        var unchecked = Configuration()
        unchecked.foreignKeysEnabled = false
        let raw = try DatabaseQueue(path: path, configuration: unchecked)
        try await raw.write { db in
            try db.execute(
                sql: """
                    INSERT INTO labels
                        (serial, coi, din, flags, state, hash_version, reprint_of, created_at, updated_at)
                    SELECT s, 'CHA999926AB12CD', 'A999926000001', '00', 'printed', v, r, 'x', 'x'
                    FROM (SELECT column1 AS s, column2 AS v, column3 AS r FROM (VALUES \(values)))
                    """)
        }
        try await raw.close()
        do {
            let labels = try await ledger.labels(coi: record.coi)
            Issue.record("a hostile row decoded as \(labels)")
        } catch {
            #expect(error.code == .corrupt, "\(error)")
        }
    }
}
