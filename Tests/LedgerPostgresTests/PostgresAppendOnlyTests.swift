import LabelgateCore
import Ledger
import LedgerConformance
import Testing

@testable import LedgerPostgres

/// The database itself keeps the audit trail append-only and the chain whole: grants stop the gateways' role,
/// triggers stop everyone else (the owner included), and `audit verify` finds what a superuser-level edit did.
@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL server configured"))
struct PostgresAppendOnlyTests {
    /// A schema with a record, a label and a few audit rows.
    func populated() async throws -> (TestSchema, PostgresLedger) {
        let schema = try await TestSchema.make()
        let ledger = try schema.gateway()
        let actor = Actor(.operator, "op-a")
        try await ledger.addRecord(SampleRecords.record(), by: actor)
        let record = try SampleRecords.record()
        let label = try await ledger.issueLabel(LabelRequest(coi: record.coi, din: record.dins[0]), by: actor)
        try await ledger.recordPrintJob(label.serial, printer: "spool", job: nil, by: actor)
        let closed = try await ledger.issueLabel(LabelRequest(coi: record.coi, din: record.dins[1], batch: "b"), by: actor)
        _ = try await ledger.transitionLabel(closed.serial, to: .voided, by: actor, reason: "test")
        _ = try await ledger.closeBatch("b", by: actor, reason: nil)
        _ = try await ledger.appendAudit([AuditEntry(actor: actor, action: "test.row", subject: "a"),
            AuditEntry(actor: actor, action: "test.row", subject: "b")])
        return (schema, ledger)
    }

    @Test func appRoleHasNoUpdateDeleteOrTruncateOnAppendOnlyTables() async throws {
        let (schema, ledger) = try await populated()
        for (table, column) in [("audit_log", "actor"), ("custody_events", "kind"), ("record_revisions", "reason")] {
            for sql in ["UPDATE \(table) SET \(column) = 'x'", "DELETE FROM \(table)", "TRUNCATE \(table)"] {
                let answer = try await refusal(sql, url: schema.appURL)
                #expect(answer?.state == "42501", "\(sql) as the app role: \(String(describing: answer))")
            }
        }
        for sql in ["DELETE FROM labels", "DELETE FROM records", "UPDATE labels SET din = 'A999926000002'",
            "UPDATE records SET salt = '00'", "TRUNCATE labels", "UPDATE audit_log SET seq = seq",
            "UPDATE print_batches SET issued = 0", "DELETE FROM print_batches", "TRUNCATE print_batches",
            "DELETE FROM print_jobs", "TRUNCATE print_jobs", "UPDATE print_jobs SET serial = serial"] {
            #expect(try await refusal(sql, url: schema.appURL)?.state == "42501", "\(sql) as the app role")
        }
        await ledger.close()
        await schema.drop()
    }

    @Test func triggersRefuseChangesEvenForTheOwner() async throws {
        let (schema, ledger) = try await populated()
        for sql in ["UPDATE audit_log SET actor = 'operator:mallory' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 3",
            "TRUNCATE audit_log", "DELETE FROM labels", "UPDATE labels SET din = 'A999926000002'",
            "UPDATE records SET salt = '00'", "DELETE FROM records", "DELETE FROM record_dins",
            "UPDATE print_batches SET issued = 0", "DELETE FROM print_batches", "TRUNCATE print_batches",
            "DELETE FROM print_jobs", "TRUNCATE print_jobs", "UPDATE print_jobs SET serial = serial + 1",
            "UPDATE labels SET state = 'printed' WHERE batch = 'b'",
            "INSERT INTO labels (coi, din, flags, state, hash_version, batch, created_at, updated_at) SELECT coi, din, flags, 'issued', hash_version, batch, created_at, updated_at FROM labels WHERE batch = 'b'"] {
            let answer = try await refusal(sql, url: schema.adminURL)
            #expect(answer?.message.hasPrefix("labelgate:") == true, "\(sql) as the owner: \(String(describing: answer))")
        }
        #expect(try await ledger.verifyAuditChain().isIntact)
        await ledger.close()
        await schema.drop()
    }

    @Test func databaseRefusesARowThatDoesNotExtendTheChain() async throws {
        let (schema, ledger) = try await populated()
        let head = try #require(try await ledger.auditRows(after: 0, limit: 100).last)
        func insert(seq: Int64, subject: String, previous: [UInt8], hash: [UInt8]? = nil) -> String {
            let row = AuditRow(
                sequence: seq, timestamp: head.timestamp, actor: "operator:mallory", action: "test.forged",
                subject: subject, reason: nil, details: "{}", previousHash: previous, hash: [])
            let digest = hash ?? AuditChain.expectedHash(of: row)
            return """
                INSERT INTO audit_log (seq, at, actor, action, subject, reason, details, prev_hash, hash)
                VALUES (\(seq), '\(row.timestamp)', 'operator:mallory', 'test.forged', '\(subject)', NULL, '{}',
                    '\\x\(Hex.encode(previous))', '\\x\(Hex.encode(digest))')
                """
        }
        // A gap, a fork (a second row after an old one), a wrong link and a lying hash: all refused.
        let cases = [
            insert(seq: head.sequence + 2, subject: "gap", previous: head.hash),
            insert(seq: head.sequence, subject: "fork", previous: head.previousHash),
            insert(seq: head.sequence + 1, subject: "link", previous: head.previousHash),
            insert(seq: head.sequence + 1, subject: "hash", previous: head.hash, hash: head.hash),
        ]
        for sql in cases {
            let answer = try await refusal(sql, url: schema.appURL)
            #expect(answer != nil && (answer?.message.hasPrefix("labelgate:") == true || answer?.state == "23505"),
                "forged insert was accepted: \(sql)")
        }
        // A correct row from any client is accepted, and the chain still verifies.
        #expect(try await refusal(insert(seq: head.sequence + 1, subject: "ok", previous: head.hash), url: schema.appURL) == nil)
        #expect(try await ledger.verifyAuditChain().isIntact)
        await ledger.close()
        await schema.drop()
    }

    @Test func auditVerifyNamesARowEditedBehindTheTriggers() async throws {
        let (schema, ledger) = try await populated()
        try await execute(
            """
            ALTER TABLE audit_log DISABLE TRIGGER USER;
            """, url: schema.adminURL)
        try await execute("UPDATE audit_log SET subject = 'forged' WHERE seq = 3", url: schema.adminURL)
        let report = try await ledger.verifyAuditChain()
        #expect(report.firstBreak?.sequence == 3)
        #expect(report.firstBreak?.kind == .alteredRow)
        await ledger.close()
        await schema.drop()
    }
}
