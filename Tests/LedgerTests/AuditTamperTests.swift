import Foundation
import GRDB
import LabelgateCore
import LedgerConformance
import Testing

@testable import Ledger

/// The audit trail detects edits made to the SQLite file by a program other than labelgate.
@Suite struct AuditTamperTests {
    /// A ledger with a few audited operations, and its path.
    func populatedLedger() async throws -> (SQLiteLedger, String) {
        let path = TestLedgers.temporaryPath()
        let ledger = try TestLedgers.sqlite(path: path)
        try await ledger.addRecord(SampleRecords.record(), by: Actor(.operator, "op-a"))
        for index in 0..<5 {
            _ = try await ledger.appendAudit(AuditEntry(actor: Actor(.operator, "op-a"), action: "test.row", subject: "\(index)"))
        }
        return (ledger, path)
    }

    /// Opens the file with plain GRDB, as a tamperer would, and runs `sql` with the guard triggers dropped.
    func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
            try db.execute(sql: sql)
        }
    }

    @Test func databaseRefusesUpdateAndDeleteOfAuditRows() async throws {
        let (ledger, path) = try await populatedLedger()
        let queue = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE audit_log SET actor = 'operator:mallory' WHERE seq = 2") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq = 2") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "DELETE FROM custody_events") ; try db.execute(sql: "UPDATE custody_events SET kind = 'x'"); try db.execute(sql: "DELETE FROM records") }
        }
        #expect(try await ledger.verifyAuditChain().isIntact)
    }

    @Test func detectsAnEditedRow() async throws {
        let (ledger, path) = try await populatedLedger()
        try tamper(path, "UPDATE audit_log SET subject = 'forged' WHERE seq = 3")
        let report = try await ledger.verifyAuditChain()
        #expect(report.firstBreak?.sequence == 3)
        #expect(report.firstBreak?.kind == .alteredRow)
    }

    @Test func detectsADeletedRow() async throws {
        let (ledger, path) = try await populatedLedger()
        try tamper(path, "DELETE FROM audit_log WHERE seq = 4")
        let report = try await ledger.verifyAuditChain()
        #expect(report.firstBreak?.sequence == 5)
        #expect(report.firstBreak?.kind == .missingRows)
    }

    @Test func detectsReorderedRows() async throws {
        let (ledger, path) = try await populatedLedger()
        try tamper(path, "UPDATE audit_log SET seq = -seq WHERE seq IN (3, 4); UPDATE audit_log SET seq = 7 + seq WHERE seq IN (-3, -4)")
        let report = try await ledger.verifyAuditChain()
        #expect(report.firstBreak?.sequence == 3)
        #expect(report.firstBreak?.kind == .brokenLink || report.firstBreak?.kind == .alteredRow)
    }

    @Test func detectsARowRehashedWithoutRelinkingTheNext() async throws {
        let (ledger, path) = try await populatedLedger()
        let rows = try await ledger.auditRows(after: 1, limit: 1)
        var row = try #require(rows.first)
        row.subject = "forged"
        let rehashed = AuditChain.expectedHash(of: row)
        try tamper(path, "UPDATE audit_log SET subject = 'forged', hash = x'\(Hex.encode(rehashed))' WHERE seq = 2")
        let report = try await ledger.verifyAuditChain()
        #expect(report.firstBreak?.sequence == 3)
        #expect(report.firstBreak?.kind == .brokenLink)
    }

    @Test func labelIdentityColumnsAreImmutable() async throws {
        let (ledger, path) = try await populatedLedger()
        let record = try SampleRecords.record()
        let label = try await ledger.issueLabel(
            LabelRequest(coi: record.coi, din: record.dins[0]), by: Actor(.operator, "op-a"))
        let queue = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(sql: "UPDATE labels SET din = 'A999926000002' WHERE serial = ?", arguments: [Int64(label.serial.value)])
            }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE records SET salt = '00' WHERE 1") }
        }
    }
}
