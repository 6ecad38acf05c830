import Ledger
import PostgresNIO

/// Maps PostgresNIO errors to `LedgerError`, with words a person understands and never a row's values.
///
/// PostgreSQL's own messages name constraints and identifiers, not values (its DETAIL field can echo a row, so it is
/// never used). Anything that is not a server verdict about the request (a refused or dropped connection, a server
/// shutting down, a timeout) is `.unavailable`.
enum PostgresErrors {
    static func mapped(_ error: any Error, endpoint: String) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? PSQLError {
            if error.code == .server, let info = error.serverInfo {
                return server(sqlState: info[.sqlState] ?? "", message: info[.message] ?? "")
            }
            let cause = error.underlying.map { "\(Self.describe($0))" } ?? "\(error.code)"
            return LedgerError(.unavailable, "PostgreSQL at \(endpoint) is unavailable: \(cause)")
        }
        if error is PostgresDecodingError {
            return LedgerError(.corrupt, "a PostgreSQL value could not be decoded")
        }
        if error is CancellationError {
            return LedgerError(.unavailable, "the PostgreSQL request was cancelled")
        }
        return LedgerError(.unavailable, "PostgreSQL at \(endpoint) is unavailable: \(describe(error))")
    }

    /// A server error by SQLSTATE class.
    static func server(sqlState: String, message: String) -> LedgerError {
        if message.hasPrefix("labelgate:") { return LedgerError(.integrity, message) }
        switch sqlState {
        case "23505": return LedgerError(.conflict, message)
        case "42501": return LedgerError(.integrity, "permission denied: \(message)")
        case _ where sqlState.hasPrefix("23"): return LedgerError(.integrity, message)
        case _ where sqlState.hasPrefix("22"): return LedgerError(.invalidInput, message)
        default: return LedgerError(.unavailable, "PostgreSQL error \(sqlState): \(message)")
        }
    }

    /// True when the error came from the server about the request, on a connection that is still usable.
    static func isServerError(_ error: any Error) -> Bool {
        (error as? PSQLError)?.code == .server
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError, error.code == .server, let info = error.serverInfo {
            return "\(info[.sqlState] ?? "") \(info[.message] ?? "")"
        }
        return String(describing: error)
    }
}
