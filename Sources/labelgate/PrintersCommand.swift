import ArgumentParser
import Foundation
import Gate
import Ledger
import Printing

/// `labelgate printers`: the configured printers and the state each reports now.
struct PrintersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printers",
        abstract: "Show each configured printer and its state (ZPL ~HS/~HQES, IPP printer-state-reasons, spool).",
        discussion: """
            With --recover, first settles labels a print job left half-way before a restart: never-sent labels become
            failed, sent labels are looked up at their printer (printed, failed, or uncertain — never re-sent).
            Exit 1 when a printer is not ready.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Printers file (default: $LABELGATE_PRINTERS or ./printers.json; without one: the spool).")
    var printers: String?
    @Option(help: "Spool directory of the built-in spool printer (when no printers file is used).") var spool = "./spool"
    @Flag(help: "Settle interrupted print jobs in the ledger first (run once after a restart).") var recover = false

    func run() async throws {
        let catalog = try Self.catalog(printers, spool: spool, dpi: 203)
        let logger = global.logger()
        if recover {
            let gate = try global.openGate()
            let outcome = await Self.recoverPrints(gate, printers: catalog.printers(logger: logger))
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

    static func recoverPrints(_ gate: Gate, printers: [any LabelPrinting]) async -> Result<[RecoveredLabel], GateError> {
        do {
            return .success(try await gate.recoverInterruptedPrints(printers: printers))
        } catch {
            return .failure(error)
        }
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
