import Foundation
import LabelgateCore
import Ledger
import Logging
import PostgresNIO

extension PostgresLedger {
    public func addRecords(_ records: [COIRecord], by actor: Actor) async throws(LedgerError) {
        guard !records.isEmpty else { return }
        let at = timestamp()
        let runner = self.runner
        try await runner.write { connection in
            try await Self.refuseKnown(records, on: connection, logger: runner.logger)
            for chunk in records.chunks(of: SQLStatement.maximumParameters / 13) {
                var statement = SQLStatement(
                    """
                    INSERT INTO records (coi, product_code, collection_facility, collection_date, gtin, family_name,
                        given_name, date_of_birth, medical_record_number, salt, revision, created_at, updated_at)
                    VALUES 
                    """)
                for record in chunk {
                    statement.appendRow([
                        statement.bind(record.coi.content), statement.bind(record.productCode.content),
                        statement.bind(record.collectionFacility), statement.bind(record.collectionDate),
                        statement.bind(record.gtin), statement.bind(record.patient.familyName),
                        statement.bind(record.patient.givenName), statement.bind(record.patient.dateOfBirth),
                        statement.bind(record.patient.medicalRecordNumber), statement.bind(record.salt.hex),
                        statement.bind(Int64(1)), statement.bind(at), statement.bind(at),
                    ])
                }
                try await connection.query(statement.query, logger: runner.logger)
            }
            let dins = records.flatMap { record in
                record.dins.enumerated().map { (record.coi.content, $0.element.identifier, $0.offset) }
            }
            try await Self.insertDINs(dins, on: connection, logger: runner.logger)
            let entries = records.map { record in
                AuditEntry(
                    actor: actor, action: "record.add", subject: record.coi.content,
                    details: [
                        "dins": record.dins.map(\.identifier).joined(separator: ","),
                        "productCode": record.productCode.content, "revision": "1",
                    ])
            }
            _ = try await runner.appendAudit(entries, at: at, on: connection)
        }
    }

    /// Fails with `.conflict` when a COI or DIN of `records` is already known (or listed twice).
    static func refuseKnown(_ records: [COIRecord], on connection: PostgresConnection, logger: Logger) async throws {
        var cois = Set<String>()
        var dins = Set<String>()
        for record in records {
            guard cois.insert(record.coi.content).inserted else {
                throw LedgerError(.conflict, "record \(record.coi.content) already exists")
            }
            for din in record.dins {
                guard dins.insert(din.identifier).inserted else {
                    throw LedgerError(.conflict, "DIN \(din.identifier) already belongs to record \(record.coi.content)")
                }
            }
        }
        let knownRecords = try await connection.query(
            "SELECT coi FROM records WHERE coi = ANY(\(Array(cois))) LIMIT 1", logger: logger
        ).collect()
        if let row = knownRecords.first {
            throw LedgerError(.conflict, "record \(try Columns(row).text(0)) already exists")
        }
        try await refuseKnownDINs(Array(dins), on: connection, logger: logger)
    }

    static func refuseKnownDINs(_ dins: [String], on connection: PostgresConnection, logger: Logger) async throws {
        let known = try await connection.query(
            "SELECT din, coi FROM record_dins WHERE din = ANY(\(dins)) LIMIT 1", logger: logger
        ).collect()
        if let row = known.first {
            let columns = Columns(row)
            throw LedgerError(
                .conflict, "DIN \(try columns.text(0)) already belongs to record \(try columns.text(1))")
        }
    }

    static func insertDINs(
        _ dins: [(coi: String, din: String, position: Int)], on connection: PostgresConnection, logger: Logger
    ) async throws {
        for chunk in dins.chunks(of: SQLStatement.maximumParameters / 3) {
            var statement = SQLStatement("INSERT INTO record_dins (din, coi, position) VALUES ")
            for din in chunk {
                statement.appendRow([statement.bind(din.din), statement.bind(din.coi), statement.bind(Int64(din.position))])
            }
            try await connection.query(statement.query, logger: logger)
        }
    }

    public func amendRecord(_ record: COIRecord, by actor: Actor, reason: String) async throws(LedgerError) -> COIRecord {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LedgerError(.invalidInput, "an amendment needs a reason")
        }
        let at = timestamp()
        let runner = self.runner
        return try await runner.write { connection in
            // FOR UPDATE: concurrent amendments of one record, from any gateway, take turns.
            guard let current = try await Self.loadRecord(
                connection, logger: runner.logger, where: "r.coi = \(record.coi.content)", forUpdate: true)
            else { throw LedgerError(.notFound, "no record \(record.coi.content)") }
            let kept = Set(current.dins.map(\.identifier))
            guard kept.isSubset(of: Set(record.dins.map(\.identifier))) else {
                throw LedgerError(.invalidInput, "an amendment may add DINs but never remove one")
            }
            let snapshot = try RecordSnapshot(current).json()
            try await connection.query(
                """
                INSERT INTO record_revisions (coi, revision, snapshot, replaced_at, replaced_by, reason)
                VALUES (\(current.coi.content), \(Int64(current.revision)), \(snapshot), \(at), \(actor.description),
                    \(reason))
                """, logger: runner.logger)
            var amended = record
            amended.salt = current.salt
            amended.revision = current.revision + 1
            try await connection.query(
                """
                UPDATE records SET product_code = \(amended.productCode.content),
                    collection_facility = \(amended.collectionFacility), collection_date = \(amended.collectionDate),
                    gtin = \(amended.gtin), family_name = \(amended.patient.familyName),
                    given_name = \(amended.patient.givenName), date_of_birth = \(amended.patient.dateOfBirth),
                    medical_record_number = \(amended.patient.medicalRecordNumber),
                    revision = \(Int64(amended.revision)), updated_at = \(at)
                WHERE coi = \(amended.coi.content)
                """, logger: runner.logger)
            let added = amended.dins.filter { !kept.contains($0.identifier) }
            if !added.isEmpty {
                try await Self.refuseKnownDINs(added.map(\.identifier), on: connection, logger: runner.logger)
                try await Self.insertDINs(
                    added.enumerated().map { (amended.coi.content, $0.element.identifier, current.dins.count + $0.offset) },
                    on: connection, logger: runner.logger)
            }
            var changed = amended.patient.changedFields(comparedTo: current.patient)
            if amended.productCode != current.productCode { changed.append("productCode") }
            if amended.collectionFacility != current.collectionFacility { changed.append("collectionFacility") }
            if amended.collectionDate != current.collectionDate { changed.append("collectionDate") }
            if amended.gtin != current.gtin { changed.append("gtin") }
            if !added.isEmpty { changed.append("dins") }
            _ = try await runner.appendAudit(
                [
                    AuditEntry(
                        actor: actor, action: "record.amend", subject: amended.coi.content, reason: reason,
                        details: ["changedFields": changed.joined(separator: ","), "revision": String(amended.revision)])
                ], at: at, on: connection)
            return amended
        }
    }

    public func record(coi: ChainOfIdentityID) async throws(LedgerError) -> COIRecord? {
        let logger = self.logger
        return try await runner.read { connection in
            try await Self.loadRecord(connection, logger: logger, where: "r.coi = \(coi.content)")
        }
    }

    public func record(din: String) async throws(LedgerError) -> COIRecord? {
        let logger = self.logger
        return try await runner.read { connection in
            try await Self.loadRecord(
                connection, logger: logger, where: "r.coi = (SELECT coi FROM record_dins WHERE din = \(din))")
        }
    }

    public func recordSummaries(limit: Int) async throws(LedgerError) -> [RecordSummary] {
        let logger = self.logger
        return try await runner.read { connection in
            let rows = try await connection.query(
                """
                SELECT r.coi, r.product_code, r.revision::int8,
                    ARRAY(SELECT din FROM record_dins d WHERE d.coi = r.coi ORDER BY position),
                    (SELECT count(*) FROM labels l WHERE l.coi = r.coi)
                FROM records r ORDER BY r.id DESC LIMIT \(Int64(limit))
                """, logger: logger
            ).collect()
            return try rows.map { row throws(LedgerError) in
                let columns = Columns(row)
                return RecordSummary(
                    coi: try columns.text(0), productCode: try columns.text(1), dins: try columns.texts(3),
                    revision: Int(try columns.integer(2)), labelCount: Int(try columns.integer(4)))
            }
        }
    }

    /// Reads one record (with its DINs in order) matching `condition`, optionally locking its row.
    static func loadRecord(
        _ connection: PostgresConnection, logger: Logger, where condition: PostgresQuery, forUpdate: Bool = false
    ) async throws -> COIRecord? {
        let select = """
            SELECT r.coi, r.product_code, r.collection_facility, r.collection_date, r.gtin, r.family_name,
                r.given_name, r.date_of_birth, r.medical_record_number, r.salt, r.revision::int8,
                ARRAY(SELECT din FROM record_dins d WHERE d.coi = r.coi ORDER BY position)
            FROM records r WHERE 
            """
        let query = PostgresQuery(
            unsafeSQL: select + condition.sql + (forUpdate ? " FOR UPDATE OF r" : ""), binds: condition.binds)
        guard let row = try await connection.query(query, logger: logger).collect().first else { return nil }
        let columns = Columns(row)
        let coi = try columns.text(0)
        do {
            return try COIRecord(
                coi: ChainOfIdentityID(content: coi),
                dins: try columns.texts(11).map { identifier throws(ISBT128Error) in try DIN(identifier: identifier) },
                productCode: ProductCode(content: try columns.text(1)),
                collectionFacility: try columns.text(2), collectionDate: try columns.text(3),
                gtin: try columns.optionalText(4),
                patient: PatientIdentity(
                    familyName: try columns.text(5), givenName: try columns.text(6), dateOfBirth: try columns.text(7),
                    medicalRecordNumber: try columns.optionalText(8)),
                salt: IdentitySalt(hex: try columns.text(9)), revision: Int(try columns.integer(10)))
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.corrupt, "record \(coi) cannot be decoded: \(error)")
        }
    }
}
