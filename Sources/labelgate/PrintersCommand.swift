import ArgumentParser
import Foundation
import Gate
import Ledger
import LedgerPostgres
import Logging
import Printing

/// `labelgate printers`: the configured printers and the state each reports now.
struct PrintersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printers",
        abstract: "Show each configured printer and its state (ZPL ~HS/~HQES, IPP printer-state-reasons, spool).",
        discussion: """
            With --recover, first settles labels a print job left half-way before a restart: never-sent labels become
            failed, sent labels are looked up at their printer (printed, failed, or uncertain — never re-sent). It
            settles the jobs of one gateway (--gateway; default: this machine and ledger, as labelgated's default)
            only while it can hold that gateway: while a labelgated holds it, nothing is settled and it exits 3 (the
            daemon recovers its own jobs at start). Unfenced jobs (the CLI's own prints, and jobs from before
            gateways were recorded) are settled too; run it when no CLI print is running.
            Exit 1 when a printer is not ready.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Printers file (default: $LABELGATE_PRINTERS or ./printers.json; without one: the spool).")
    var printers: String?
    @Option(help: "Spool directory of the built-in spool printer (when no printers file is used).") var spool = "./spool"
    @Flag(help: "Settle interrupted print jobs in the ledger first (run once after a restart).") var recover = false
    @Option(help: "With --recover: the gateway whose jobs to settle (default: this machine and ledger).")
    var gateway: String?

    func run() async throws {
        let catalog = try Self.catalog(printers, spool: spool, dpi: 203)
        let logger = global.logger()
        if recover {
            let ledger = try global.openLedger()
            let gateway = gateway ?? GatewayIdentity.default(ledgerLocation: Self.ledgerLocation(global))
            let hold: any GatewayHold
            switch await Self.hold(gateway, on: ledger) {
            case .success(let held): hold = held
            case .failure(let error):
                Output.error("recovery refused: \(error.code): \(error.reason)")
                throw (error.code == .unavailable ? CLIExit.failure : CLIExit.refused).exitCode
            }
            let gate = try Self.gate(over: ledger, logger: logger)
            let outcome = await Self.recoverPrints(gate, printers: catalog.printers(logger: logger), gateway: gateway)
            await hold.release()
            switch outcome {
            case .success(let labels):
                for label in labels {
                    print("recovered \(label.serial)  \(label.was.rawValue) -> \(label.now.rawValue)  \(label.reason)")
                }
            case .failure(let error):
                Output.error("recovery failed: \(error.code): \(error.reason)")
                throw CLIExit.failure.exitCode
            }
        }
        var views: [PrinterView] = []
        for entry in catalog.entries {
            let status = await catalog.printer(entry, logger: logger).status()
            views.append(PrinterView(entry: entry, status: status, isDefault: entry.name == catalog.defaultName))
        }
        if global.json {
            Output.json(views)
        } else {
            for view in views {
                let state = view.ready ? "ready" : "NOT READY"
                let reasons = view.reasons.isEmpty ? "" : "  " + view.reasons.joined(separator: ",")
                print("\(view.name)\(view.isDefault ? "*" : "")  \(view.backend)  \(view.dpi) dpi  \(state)\(reasons)  \(view.detail)")
            }
        }
        if views.contains(where: { !$0.ready }) { throw CLIExit.failure.exitCode }
    }

    /// Settles the gateway's jobs (from any run but this one's new incarnation) and then the unfenced ones.
    static func recoverPrints(_ gate: Gate, printers: [any LabelPrinting], gateway: String) async
        -> Result<[RecoveredLabel], GateError>
    {
        do {
            let own = try await gate.recoverInterruptedPrints(
                printers: printers, scope: .gateway(gateway, excluding: GatewayIdentity.newIncarnation()))
            return .success(own + (try await gate.recoverInterruptedPrints(printers: printers, scope: .unfenced)))
        } catch {
            return .failure(error)
        }
    }

    /// Takes the gateway for the recovery, or fails with `.conflict` while another process (a labelgated) holds it.
    static func hold(_ gateway: String, on ledger: any LedgerStore) async -> Result<any GatewayHold, LedgerError> {
        guard let fencing = ledger as? any GatewayFencing else {
            return .failure(LedgerError(.invalidInput, "this ledger cannot fence print jobs"))
        }
        do {
            return .success(try await fencing.holdGateway(gateway))
        } catch {
            return .failure(error)
        }
    }

    static func gate(over ledger: any LedgerStore, logger: Logger) throws -> Gate {
        do {
            return try Gate(store: ledger, logger: logger)
        } catch {
            throw CLIError("cannot start the gate: \(error)")
        }
    }

    /// The ledger's location as labelgated names it for its default gateway (`DaemonCore.ledgerLocation`).
    static func ledgerLocation(_ global: GlobalOptions) -> String {
        if let url = global.ledger {
            guard let settings = try? PostgresLedgerConfiguration(url: url) else { return "postgres" }
            return settings.location
        }
        return URL(fileURLWithPath: global.store).standardizedFileURL.path
    }

    /// The printers file given, else `$LABELGATE_PRINTERS`, else `./printers.json` if present, else the spool alone.
    static func catalog(_ path: String?, spool: String, dpi: Int) throws -> PrinterCatalog {
        let chosen = path ?? ProcessInfo.processInfo.environment["LABELGATE_PRINTERS"]
            ?? (FileManager.default.fileExists(atPath: "printers.json") ? "printers.json" : nil)
        guard let chosen else { return PrinterCatalog.spoolOnly(directory: spool, dpi: dpi) }
        do {
            return try PrinterCatalog(contentsOf: URL(fileURLWithPath: chosen))
        } catch {
            throw CLIError(error.reason)
        }
    }

    /// The printer named `name`, or the default.
    static func entry(_ name: String?, in catalog: PrinterCatalog) throws -> PrinterCatalog.Entry {
        do {
            return try catalog.entry(name)
        } catch {
            throw CLIError(error.reason)
        }
    }
}

/// JSON view of a printer.
struct PrinterView: Encodable {
    var name, backend, detail: String
    var dpi: Int
    var ready, isDefault: Bool
    var reasons: [String]

    init(entry: PrinterCatalog.Entry, status: PrinterStatus, isDefault: Bool) {
        name = entry.name
        backend = entry.backend
        dpi = entry.dpi
        ready = status.ready
        reasons = status.reasons
        detail = status.detail
        self.isDefault = isDefault
    }
}
