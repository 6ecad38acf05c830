import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerPostgres
import Logging

/// Options every offline subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the ledger file.")
    var store: String = "./labelgate.sqlite"

    @Option(
        name: .long,
        help: "A PostgreSQL ledger instead of the file: postgres://user:password@host:port/db?sslmode=verify-full&schema=labelgate")
    var ledger: String?

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    @Option(name: .customLong("operator"), help: "Operator ID recorded in the audit trail (default: $USER).")
    var operatorID: String?

    /// The operator acting through this command.
    var actor: Actor {
        Actor(.operator, operatorID ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown")
    }

    /// A logger on stderr; level from `LABELGATE_LOG_LEVEL` (default `warning`).
    func logger() -> Logger {
        var logger = Logger(label: "labelgate.cli") { label in StreamLogHandler.standardError(label: label) }
        let level = ProcessInfo.processInfo.environment["LABELGATE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .warning
        return logger
    }

    /// Opens the ledger: the PostgreSQL one when `--ledger` is given, else the SQLite file.
    func openLedger() throws -> any LedgerStore {
        if let ledger { return try openPostgresLedger(ledger) }
        do {
            return try SQLiteLedger(path: store, logger: logger())
        } catch {
            throw CLIError("cannot open the ledger at \(store): \(error)")
        }
    }

    /// Opens a PostgreSQL ledger (nothing is connected until the first call).
    func openPostgresLedger(_ url: String) throws -> PostgresLedger {
        do {
            return try PostgresLedger(url: url, logger: logger())
        } catch {
            throw CLIError("cannot use the PostgreSQL ledger: \(error)")
        }
    }

    /// Opens the ledger and the gate over it.
    ///
    /// The explicit do/catch matters: `try Gate(...)` (typed throws) inlined into an async `run` crashes the
    /// Swift 6.3 release optimizer while it splits the coroutine.
    func openGate() throws -> Gate {
        let ledger = try openLedger()
        do {
            return try Gate(store: ledger, logger: logger())
        } catch {
            throw CLIError("cannot start the gate: \(error)")
        }
    }
}

/// A failure to report on stderr with exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
