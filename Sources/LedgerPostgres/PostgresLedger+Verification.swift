import LabelgateCore
import Ledger
import PostgresNIO

extension PostgresLedger {
    public func verificationContext(serial: LabelSerial) async throws(LedgerError) -> VerificationContext? {
        let logger = self.logger
        return try await runner.read { connection in
            var result: VerificationContext?
            for try await context in try await connection.execute(
                VerificationStatement(serial: Int64(serial.value)), logger: logger)
            {
                result = context
            }
            return result
        }
    }
}

/// The verification hot path: the label, its record and the record's DINs in one prepared statement (prepared once
/// per connection), decoded without validating again (rows were validated when written; a bad row is `.corrupt`).
struct VerificationStatement: PostgresPreparedStatement {
    static let name = "labelgate_verification_v1"
    static let sql = """
        SELECT l.serial, l.coi, l.din, l.flags, l.state, l.hash_version::int8, l.template, l.batch, l.reprint_of,
            r.product_code, r.collection_facility, r.collection_date, r.gtin, r.family_name, r.given_name,
            r.date_of_birth, r.medical_record_number, r.salt, r.revision::int8,
            ARRAY(SELECT din FROM record_dins d WHERE d.coi = l.coi ORDER BY position)
        FROM labels l JOIN records r ON r.coi = l.coi
        WHERE l.serial = $1
        """
    static let bindingDataTypes: [PostgresDataType] = [.int8]

    typealias Row = VerificationContext

    var serial: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(serial)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> VerificationContext {
        let columns = Columns(row)
        do {
            let label = try PostgresLedger.decodeLabel(columns)
            let record = COIRecord(
                stored: label.coi,
                dins: try columns.texts(19).map { identifier throws(ISBT128Error) in try DIN(identifier: identifier) },
                productCode: try ProductCode(content: try columns.text(9)), collectionFacility: try columns.text(10),
                collectionDate: try columns.text(11), gtin: try columns.optionalText(12),
                patient: PatientIdentity(
                    familyName: try columns.text(13), givenName: try columns.text(14),
                    dateOfBirth: try columns.text(15), medicalRecordNumber: try columns.optionalText(16)),
                salt: try IdentitySalt(hex: try columns.text(17)), revision: Int(try columns.integer(18)))
            return VerificationContext(label: label, record: record)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.corrupt, "label \(serial) or its record cannot be decoded: \(error)")
        }
    }
}
