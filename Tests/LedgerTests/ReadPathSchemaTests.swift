import Foundation
import GRDB
import LabelgateCore
import LedgerConformance
import Testing

@testable import Ledger

/// Migration `v3-read-path`: `records.dins` is derived from `record_dins` by the database, and the verification
/// query reads the record from the covering index.
@Suite struct ReadPathSchemaTests {
    let actor = Actor(.operator, "op-a")

    @Test func verificationSeesEveryDINInPositionOrderAfterAnAmendment() async throws {
        let ledger = try TestLedgers.sqlite()
        let record = try SampleRecords.record(dins: ["A999926000002", "A999926000001"])
        try await ledger.addRecord(record, by: actor)
        var amended = record
        amended.dins.append(try DIN(identifier: "A999926000003"))
        _ = try await ledger.amendRecord(amended, by: actor, reason: "third container")
        let label = try await ledger.issueLabel(
            LabelRequest(coi: record.coi, din: try DIN(identifier: "A999926000003")), by: actor)
        let context = try #require(try await ledger.verificationContext(serial: label.serial))
        #expect(context.record.dins.map(\.identifier) == ["A999926000002", "A999926000001", "A999926000003"])
        #expect(context.label.din.identifier == "A999926000003")
        #expect(context.record.patient == amended.patient)
        #expect(context.record.revision == 2)
    }

    @Test func theDINListCannotBeWrittenDirectly() async throws {
        let path = TestLedgers.temporaryPath()
        let ledger = try TestLedgers.sqlite(path: path)
        try await ledger.addRecord(try SampleRecords.record(), by: actor)
        let queue = try DatabaseQueue(path: path)
        let message = "records.dins is derived from record_dins"
        for sql in [
            "UPDATE records SET dins = 'A999926000009'",
            "UPDATE records SET dins = ''",
            """
            INSERT INTO records (coi, product_code, collection_facility, collection_date, family_name, given_name,
                date_of_birth, salt, revision, created_at, updated_at, dins)
            VALUES ('CHA999926ZZ9999', 'S1234100', 'A9999', '2026-11-25', 'X', 'Y', '1970-01-01', '00', 1, '', '',
                'A999926000009')
            """,
        ] {
            let error = #expect(throws: DatabaseError.self) { try queue.write { db in try db.execute(sql: sql) } }
            #expect(error?.message?.contains(message) == true, "\(sql)")
        }
        let dins = try await queue.read { db in try String.fetchOne(db, sql: "SELECT dins FROM records") }
        #expect(dins == "A999926000001 A999926000002")
    }

    @Test func migratingAVersion2LedgerFillsTheDINList() async throws {
        let path = TestLedgers.temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v2-print")
        let record = try SampleRecords.record()
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO records (coi, product_code, collection_facility, collection_date, gtin, family_name,
                        given_name, date_of_birth, medical_record_number, salt, revision, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z')
                    """,
                arguments: [
                    record.coi.content, record.productCode.content, record.collectionFacility, record.collectionDate,
                    record.gtin, record.patient.familyName, record.patient.givenName, record.patient.dateOfBirth,
                    record.patient.medicalRecordNumber, record.salt.hex,
                ])
            // Inserted out of position order: the list follows position, not insertion.
            for (din, position) in [("A999926000002", 1), ("A999926000001", 0)] {
                try db.execute(
                    sql: "INSERT INTO record_dins (din, coi, position) VALUES (?, ?, ?)",
                    arguments: [din, record.coi.content, position])
            }
        }
        try queue.close()
        let ledger = try TestLedgers.sqlite(path: path)
        let label = try await ledger.issueLabel(LabelRequest(coi: record.coi, din: record.dins[1]), by: actor)
        let context = try #require(try await ledger.verificationContext(serial: label.serial))
        #expect(context.record.dins.map(\.identifier) == ["A999926000001", "A999926000002"])
        #expect(try IdentityHash.compute(for: context.record, label: context.label.particulars)
            == IdentityHash.compute(for: record, label: context.label.particulars))
    }
}

/// Migration `v4-audit-index`: the two-operator state is restored at start from the `step.completed` rows alone.
@Suite struct AuditIndexSchemaTests {
    @Test func stepRowsAreReadThroughTheirPartialIndex() async throws {
        let ledger = try TestLedgers.sqlite()
        let plan = try await ledger.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE action = ? AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [AuditIndex.stepCompleted, 0, 10]
            ).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("audit_log_steps_completed") }, "\(plan)")
    }
}
