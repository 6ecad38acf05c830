import Foundation
import GRDB
import GRDBSQLite
import LabelgateCore

/// The verification hot path: the label, its record and the record's DINs read with two prepared statements,
/// stepped through the SQLite C API and decoded by column index (GRDB's row machinery costs more than the query).
///
/// Rows were validated when they were written, so they are not validated again here; a decoding failure is
/// `.corrupt`. Use a query only on the thread that owns its connection, inside that connection's access block.
package final class VerificationQuery {
    // GRDB owns (and finalizes) the statements; this type only binds, steps and resets them.
    private let labelAndRecord: Statement
    private let dins: Statement

    /// Prepares the statements on `db`.
    package init(_ db: Database) throws {
        labelAndRecord = try db.makeStatement(
            sql: """
                SELECT l.coi, l.din, l.flags, l.state, l.hash_version, l.template, l.batch, l.reprint_of,
                    r.product_code, r.collection_facility, r.collection_date, r.gtin, r.family_name, r.given_name,
                    r.date_of_birth, r.medical_record_number, r.salt, r.revision
                FROM labels l JOIN records r ON r.coi = l.coi
                WHERE l.serial = ?
                """)
        dins = try db.makeStatement(sql: "SELECT din FROM record_dins WHERE coi = ? ORDER BY position")
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
            let coiText = try row.text(0)
            let coi = try ChainOfIdentityID(content: coiText)
            guard let state = LabelState(rawValue: try row.text(3)) else {
                throw LedgerError(.corrupt, "label \(serial) has an unknown state")
            }
            let label = IssuedLabel(
                serial: serial, coi: coi,
                din: try DIN(identifier: row.text(1)).with(flags: DINFlags(encoded: row.text(2))),
                state: state, hashVersion: UInt8(clamping: row.integer(4)), template: row.optionalText(5),
                batch: row.optionalText(6), reprintOf: row.optionalInteger(7).flatMap { LabelSerial(UInt64($0)) })
            let record = COIRecord(
                stored: coi, dins: try dinList(coi: coiText), productCode: try ProductCode(content: row.text(8)),
                collectionFacility: try row.text(9), collectionDate: try row.text(10), gtin: row.optionalText(11),
                patient: PatientIdentity(
                    familyName: try row.text(12), givenName: try row.text(13), dateOfBirth: try row.text(14),
                    medicalRecordNumber: row.optionalText(15)),
                salt: try IdentitySalt(hex: row.text(16)), revision: Int(row.integer(17)))
            return VerificationContext(label: label, record: record)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.corrupt, "label \(serial) or its record cannot be decoded: \(error)")
        }
    }

    private func dinList(coi: String) throws -> [DIN] {
        let statement = dins.sqliteStatement
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        _ = coi.withCString { sqlite3_bind_text(statement, 1, $0, -1, SQLITE_TRANSIENT) }
        var result: [DIN] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            result.append(try DIN(identifier: ColumnReader(statement: statement).text(0)))
        }
        return result
    }
}

/// Reads columns of the current row of a stepped statement.
private struct ColumnReader {
    let statement: OpaquePointer?

    func optionalText(_ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func text(_ index: Int32) throws -> String {
        guard let text = optionalText(index) else { throw LedgerError(.corrupt, "column \(index) is NULL") }
        return text
    }

    func optionalInteger(_ index: Int32) -> Int64? {
        sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, index)
    }

    func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }
}

/// SQLite's "copy the bound text" destructor constant, which Swift cannot import from the C macro.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
