import Ledger

/// One behaviour every `LedgerStore` backend must show, runnable against a fresh, empty store.
public struct ConformanceCheck: Sendable, CustomStringConvertible {
    /// The behaviour, named for a test report.
    public let name: String
    /// Runs the check; throws `ConformanceFailure` when the store misbehaves.
    public let run: @Sendable (any LedgerStore) async throws -> Void

    /// The name.
    public var description: String { name }
}

/// A broken expectation inside a conformance check.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What was expected.
    public let description: String
}

func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ConformanceFailure(description: message()) }
}

func expectLedgerError<T>(
    _ code: LedgerError.Code, _ what: String, _ body: () async throws(LedgerError) -> T
) async throws {
    do {
        _ = try await body()
    } catch {
        try expect(error.code == code, "\(what): expected \(code), got \(error.code)")
        return
    }
    throw ConformanceFailure(description: "\(what): expected \(code), but it succeeded")
}
