import Foundation
import GRDB
import GRDBSQLite
import LabelgateCore

/// The verification hot path: the label and its record read with one prepared statement and two B-tree walks (the
/// label by serial, the record from the `records_verification` covering index, DINs included; see migration
/// `v3-read-path`), stepped through the SQLite C API and decoded by column index (GRDB's row machinery costs more
/// than the query).
///
/// Rows were validated when they were written, so they are not validated again here; a decoding failure is
/// `.corrupt`. Use a query only on the thread that owns its connection, inside that connection's access block.
package final class VerificationQuery {
    // GRDB owns (and finalizes) the statement; this type only binds, steps and resets it.
    private let labelAndRecord: Statement

    /// Prepares the statement on `db`, or reuses the one prepared by an earlier query on the same connection.
    ///
    /// It comes from GRDB's statement cache, so a query made per read transaction does not re-parse the SQL. Two
    /// queries on one connection may share it: each call binds, steps and resets it before returning.
    package init(_ db: Database) throws {
        // INDEXED BY: the query fails to prepare, rather than silently reading the table, if the index is gone.
        labelAndRecord = try db.cachedStatement(
            sql: """
                SELECT l.coi, l.din, l.flags, l.state, l.hash_version, l.template, l.batch, l.reprint_of,
                    r.product_code, r.collection_facility, r.collection_date, r.gtin, r.family_name, r.given_name,
                    r.date_of_birth, r.medical_record_number, r.salt, r.revision, r.dins
                FROM labels l JOIN records r INDEXED BY records_verification ON r.coi = l.coi
                WHERE l.serial = ?
                """)
    }

    /// The label with `serial` and its record, or nil when the serial was never issued.
    package func context(serial: LabelSerial) throws -> VerificationContext? {
        let statement = labelAndRecord.sqliteStatement
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        sqlite3_bind_int64(statement, 1, Int64(serial.value))
        switch sqlite3_step(statement) {
        case SQLITE_ROW: break
        case SQLITE_DONE: return nil
        case let code: throw LedgerError(.unavailable, "verification read failed (SQLite \(code))")
        }
        let row = ColumnReader(statement: statement)
        do {
            // Identifier and salt columns are parsed (and checked) straight from SQLite's UTF-8, without first
            // making a String of each; the checks and errors are those of the String initializers. Everything is
            // read before the statement is reset, which invalidates its column pointers.
            let coi = try ChainOfIdentityID(contentUTF8: row.bytes(0))
            guard let state = LabelState(rawValue: try row.text(3)) else {
                throw LedgerError(.corrupt, "label \(serial) has an unknown state")
            }
            let labelDINBytes = try row.bytes(1)
            let labelDIN = try DIN(identifierUTF8: labelDINBytes)
            let label = IssuedLabel(
                serial: serial, coi: coi, din: labelDIN.with(flags: try DINFlags(encodedUTF8: row.bytes(2))),
                state: state, hashVersion: UInt8(clamping: row.integer(4)), template: row.optionalText(5),
                batch: row.optionalText(6), reprintOf: row.optionalInteger(7).flatMap { LabelSerial(UInt64($0)) })
            // Usually one DIN, the label's own: the same bytes parse to the same DIN, so it is reused.
            let dinList = try row.bytes(18)
            let dins = try dinList.elementsEqual(labelDINBytes)
                ? [labelDIN]
                : dinList.split(separator: UInt8(ascii: " ")).map { bytes in
                    bytes.elementsEqual(labelDINBytes) ? labelDIN : try DIN(identifierUTF8: UnsafeBufferPointer(rebasing: bytes))
                }
            let productCode = try ProductCode(contentUTF8: row.bytes(8))
            let collectionFacility = try row.text(9), collectionDate = try row.text(10), gtin = row.optionalText(11)
            let patient = PatientIdentity(
                familyName: try row.text(12), givenName: try row.text(13), dateOfBirth: try row.text(14),
                medicalRecordNumber: row.optionalText(15))
            let salt = try IdentitySalt(hexUTF8: row.bytes(16))
            let revision = Int(row.integer(17))
            let record = COIRecord(
                stored: coi, dins: dins, productCode: productCode, collectionFacility: collectionFacility,
                collectionDate: collectionDate, gtin: gtin, patient: patient, salt: salt, revision: revision)
            return VerificationContext(label: label, record: record)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.corrupt, "label \(serial) or its record cannot be decoded: \(error)")
        }
    }
}

/// Reads columns of the current row of a stepped statement.
private struct ColumnReader {
    let statement: OpaquePointer?

    /// The UTF-8 bytes of a text column, or nil when it is NULL. They belong to SQLite and are valid only until
    /// the statement steps or resets.
    func optionalBytes(_ index: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return UnsafeBufferPointer(start: bytes, count: count)
    }

    /// The UTF-8 bytes of a text column that may not be NULL (see `optionalBytes`).
    func bytes(_ index: Int32) throws -> UnsafeBufferPointer<UInt8> {
        guard let bytes = optionalBytes(index) else { throw LedgerError(.corrupt, "column \(index) is NULL") }
        return bytes
    }

    func optionalText(_ index: Int32) -> String? {
        optionalBytes(index).map { String(decoding: $0, as: UTF8.self) }
    }

    func text(_ index: Int32) throws -> String {
        String(decoding: try bytes(index), as: UTF8.self)
    }

    func optionalInteger(_ index: Int32) -> Int64? {
        sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, index)
    }

    func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }
}
