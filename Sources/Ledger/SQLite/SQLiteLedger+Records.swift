import Foundation
import GRDB
import LabelgateCore

extension SQLiteLedger {
    public func addRecords(_ records: [COIRecord], by actor: Actor) async throws(LedgerError) {
        let at = timestamp()
        try await write { db in
            var entries: [AuditEntry] = []
            entries.reserveCapacity(records.count)
            for record in records {
                try Self.insertRecord(record, at: at, in: db)
                entries.append(
                    AuditEntry(
                        actor: actor, action: "record.add", subject: record.coi.content,
                        details: [
                            "dins": record.dins.map(\.identifier).joined(separator: ","),
                            "productCode": record.productCode.content, "revision": "1",
                        ]))
            }
            _ = try Self.appendAudit(entries, at: at, in: db)
        }
    }

    static func insertRecord(_ record: COIRecord, at: String, in db: Database) throws {
        if try recordRow(db, coi: record.coi.content) != nil {
            throw LedgerError(.conflict, "record \(record.coi.content) already exists")
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO records (coi, product_code, collection_facility, collection_date, gtin, family_name,
                    given_name, date_of_birth, medical_record_number, salt, revision, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            record.coi.content, record.productCode.content, record.collectionFacility, record.collectionDate,
            record.gtin, record.patient.familyName, record.patient.givenName, record.patient.dateOfBirth,
            record.patient.medicalRecordNumber, record.salt.hex, 1, at, at,
        ])
        try insertDINs(record.dins, from: 0, coi: record.coi.content, in: db)
    }

    public func amendRecord(_ record: COIRecord, by actor: Actor, reason: String) async throws(LedgerError) -> COIRecord {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LedgerError(.invalidInput, "an amendment needs a reason")
        }
        let at = timestamp()
        return try await write { db in
            guard let current = try Self.loadRecord(db, coi: record.coi.content) else {
                throw LedgerError(.notFound, "no record \(record.coi.content)")
            }
            let kept = Set(current.dins.map(\.identifier))
            guard kept.isSubset(of: Set(record.dins.map(\.identifier))) else {
                throw LedgerError(.invalidInput, "an amendment may add DINs but never remove one")
            }
            let snapshot = try RecordSnapshot(current).json()
            try db.execute(
                sql: """
                    INSERT INTO record_revisions (coi, revision, snapshot, replaced_at, replaced_by, reason)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [current.coi.content, current.revision, snapshot, at, actor.description, reason])
            var amended = record
            amended.salt = current.salt
            amended.revision = current.revision + 1
            try db.execute(
                sql: """
                    UPDATE records SET product_code = ?, collection_facility = ?, collection_date = ?, gtin = ?,
                        family_name = ?, given_name = ?, date_of_birth = ?, medical_record_number = ?, revision = ?,
                        updated_at = ?
                    WHERE coi = ?
                    """,
                arguments: [
                    amended.productCode.content, amended.collectionFacility, amended.collectionDate, amended.gtin,
                    amended.patient.familyName, amended.patient.givenName, amended.patient.dateOfBirth,
                    amended.patient.medicalRecordNumber, amended.revision, at, amended.coi.content,
                ])
            let added = amended.dins.filter { !kept.contains($0.identifier) }
            try Self.insertDINs(added, from: current.dins.count, coi: amended.coi.content, in: db)
            var changed = amended.patient.changedFields(comparedTo: current.patient)
            if amended.productCode != current.productCode { changed.append("productCode") }
            if amended.collectionFacility != current.collectionFacility { changed.append("collectionFacility") }
            if amended.collectionDate != current.collectionDate { changed.append("collectionDate") }
            if amended.gtin != current.gtin { changed.append("gtin") }
            if !added.isEmpty { changed.append("dins") }
            _ = try Self.appendAudit(
                [
                    AuditEntry(
                        actor: actor, action: "record.amend", subject: amended.coi.content, reason: reason,
                        details: ["changedFields": changed.joined(separator: ","), "revision": String(amended.revision)])
                ], at: at, in: db)
            return amended
        }
    }

    public func record(coi: ChainOfIdentityID) async throws(LedgerError) -> COIRecord? {
        try await read { db in try Self.loadRecord(db, coi: coi.content) }
    }

    public func record(din: String) async throws(LedgerError) -> COIRecord? {
        try await read { db in
            guard let coi = try String.fetchOne(db, sql: "SELECT coi FROM record_dins WHERE din = ?", arguments: [din])
            else { return nil }
            return try Self.loadRecord(db, coi: coi)
        }
    }

    public func recordSummaries(limit: Int) async throws(LedgerError) -> [RecordSummary] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.coi, r.product_code, r.revision,
                        (SELECT group_concat(din, ',') FROM (SELECT din FROM record_dins d WHERE d.coi = r.coi
                            ORDER BY position)) AS dins,
                        (SELECT count(*) FROM labels l WHERE l.coi = r.coi) AS label_count
                    FROM records r ORDER BY r.rowid DESC LIMIT ?
                    """, arguments: [limit])
            return rows.map { row in
                RecordSummary(
                    coi: row["coi"], productCode: row["product_code"],
                    dins: (row["dins"] as String? ?? "").split(separator: ",").map(String.init),
                    revision: row["revision"], labelCount: row["label_count"])
            }
        }
    }

    static func insertDINs(_ dins: [DIN], from position: Int, coi: String, in db: Database) throws {
        for (offset, din) in dins.enumerated() {
            if let owner = try String.fetchOne(
                db.cachedStatement(sql: "SELECT coi FROM record_dins WHERE din = ?"), arguments: [din.identifier])
            {
                throw LedgerError(.conflict, "DIN \(din.identifier) already belongs to record \(owner)")
            }
            try db.cachedStatement(sql: "INSERT INTO record_dins (din, coi, position) VALUES (?, ?, ?)")
                .execute(arguments: [din.identifier, coi, position + offset])
        }
    }

    static func recordRow(_ db: Database, coi: String) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM records WHERE coi = ?"), arguments: [coi])
    }

    static func loadRecord(_ db: Database, coi: String) throws -> COIRecord? {
        guard let row = try recordRow(db, coi: coi) else { return nil }
        let dins = try String.fetchAll(
            db.cachedStatement(sql: "SELECT din FROM record_dins WHERE coi = ? ORDER BY position"), arguments: [coi])
        do {
            return try COIRecord(
                coi: ChainOfIdentityID(content: row["coi"] as String),
                dins: dins.map { identifier throws(ISBT128Error) in try DIN(identifier: identifier) },
                productCode: ProductCode(content: row["product_code"] as String),
                collectionFacility: row["collection_facility"], collectionDate: row["collection_date"],
                gtin: row["gtin"],
                patient: PatientIdentity(
                    familyName: row["family_name"], givenName: row["given_name"], dateOfBirth: row["date_of_birth"],
                    medicalRecordNumber: row["medical_record_number"]),
                salt: IdentitySalt(hex: row["salt"]), revision: row["revision"])
        } catch {
            throw LedgerError(.corrupt, "record \(coi) cannot be decoded: \(error)")
        }
    }
}

/// A full copy of a record revision, kept when it is amended (inside the ledger only: it holds patient data).
package struct RecordSnapshot: Codable {
    var coi, productCode, collectionFacility, collectionDate: String
    var gtin: String?
    var patient: PatientIdentity
    var dins: [String]
    var revision: Int

    package init(_ record: COIRecord) {
        coi = record.coi.content
        productCode = record.productCode.content
        collectionFacility = record.collectionFacility
        collectionDate = record.collectionDate
        gtin = record.gtin
        patient = record.patient
        dins = record.dins.map(\.identifier)
        revision = record.revision
    }

    package func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
