import Ledger
import PostgresNIO

/// A statement built piece by piece with numbered parameters (`$1`, `$2`…), for multi-row inserts.
struct SQLStatement {
    /// PostgreSQL accepts at most 65535 parameters in one statement.
    static let maximumParameters = 65_535

    var sql: String
    var binds = PostgresBindings()

    init(_ sql: String) {
        self.sql = sql
    }

    /// Binds `value` and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Binds `value` or NULL and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Appends one parenthesized row of placeholders to a VALUES list.
    mutating func appendRow(_ placeholders: [String]) {
        if !sql.hasSuffix("VALUES ") { sql += ", " }
        sql += "(" + placeholders.joined(separator: ", ") + ")"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}

/// Typed access to the columns of one result row; a missing or mistyped column is `.corrupt`.
struct Columns {
    private let cells: [PostgresCell]

    init(_ row: PostgresRow) {
        cells = Array(row)
    }

    private func cell(_ index: Int) throws(LedgerError) -> PostgresCell {
        guard cells.indices.contains(index) else { throw LedgerError(.corrupt, "result column \(index) is missing") }
        return cells[index]
    }

    private func decode<T: PostgresDecodable>(_ type: T.Type, _ index: Int) throws(LedgerError) -> T {
        let cell = try cell(index)
        do {
            return try cell.decode(T.self)
        } catch {
            throw LedgerError(.corrupt, "column \(cell.columnName) cannot be decoded")
        }
    }

    func text(_ index: Int) throws(LedgerError) -> String { try decode(String.self, index) }
    func optionalText(_ index: Int) throws(LedgerError) -> String? { try decode(String?.self, index) }
    func integer(_ index: Int) throws(LedgerError) -> Int64 { try decode(Int64.self, index) }
    func optionalInteger(_ index: Int) throws(LedgerError) -> Int64? { try decode(Int64?.self, index) }
    func bool(_ index: Int) throws(LedgerError) -> Bool { try decode(Bool.self, index) }
    func texts(_ index: Int) throws(LedgerError) -> [String] { try decode([String].self, index) }
    func bytes(_ index: Int) throws(LedgerError) -> [UInt8] {
        Array(try decode(ByteBuffer.self, index).readableBytesView)
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
