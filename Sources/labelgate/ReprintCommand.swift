import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger
import Printing

/// `labelgate reprint`: a witnessed reprint through the print interlock.
struct ReprintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprint",
        abstract: "Reprint a label as a new serial (reason and a second operator required); the original is voided.",
        discussion: """
            --operator asks, --witness confirms; they must be two different people. Exit 3 when the gate refuses.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Serial of the label to reprint.") var serial: String
    @Option(help: "Why the label is reprinted.") var reason: String
    @Option(help: "Operator ID of the second person, who witnesses the reprint.") var witness: String
    @Option(help: "The record fingerprint (from `record show`); default: the record as just read.") var fingerprint: String?
    @Option(help: "gs1 or isbt.") var profile: LabelProfile = .isbt
    @Option(help: "Printer name from the printers file.") var printer: String?
    @Option(help: "Printers file (default: $LABELGATE_PRINTERS or ./printers.json; without one: the spool).")
    var printers: String?
    @Option(help: "Spool directory (when no printers file is used).") var spool = "./spool"
    @Option(help: "Template directory (default: $LABELGATE_TEMPLATES or ./templates).") var templates: String?

    func run() async throws {
        let gate = try global.openGate()
        guard let original = LabelSerial(text: serial) else { throw ValidationError("--serial is not a label serial") }
        guard let label = try await gate.store.label(serial: original) else { throw CLIError("no label \(serial)") }
        let record = try await RecordCommand.load(label.coi.content, from: gate.store)
        let expected = try PrintCommand.fingerprint(fingerprint, record: record)
        let configured = try PrintersCommand.catalog(printers, spool: spool, dpi: 203)
        let entry = try PrintersCommand.entry(printer, in: configured)
        let catalog = try TemplateCatalog(
            directory: templates.map { URL(fileURLWithPath: $0) } ?? TemplateCatalog.defaultDirectory)
        let outcome = await Self.reprint(
            gate, original, fingerprint: expected, reason: reason, by: global.actor, witness: Actor(.operator, witness),
            profile: profile, renderer: TemplateRenderer(catalog: catalog, dotsPerInch: entry.dpi),
            printer: configured.printer(entry, logger: global.logger()))
        switch outcome {
        case .failure(let error):
            Output.error("REFUSED  \(error.code): \(error.reason)")
            throw CLIExit.exitCode(for: error)
        case .success(let printed):
            if global.json {
                Output.json(PrintedView(printed))
            } else {
                print("\(printed.serial)  \(printed.state.rawValue)  reprint of \(original)  \(PrintedView(printed).location)")
            }
            if printed.state != .printed { throw CLIExit.failure.exitCode }
        }
    }

    static func reprint(
        _ gate: Gate, _ original: LabelSerial, fingerprint: IdentityHash, reason: String, by actor: Actor,
        witness: Actor, profile: LabelProfile, renderer: TemplateRenderer, printer: any LabelPrinting
    ) async -> Result<PrintedLabel, GateError> {
        do {
            return .success(
                try await gate.reprint(
                    serial: original, recordFingerprint: fingerprint, reason: reason, by: actor, witness: witness,
                    profile: profile, renderer: renderer, printer: printer))
        } catch {
            return .failure(error)
        }
    }
}

/// `labelgate batch show|close`: print batch reconciliation.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Reconcile a print batch: issued = applied + voided + destroyed, then close it.",
        subcommands: [Show.self, Close.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a batch's counts.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Batch name.") var batch: String

        func run() async throws {
            let gate = try global.openGate()
            let outcome = await BatchCommand.call { () async throws(GateError) in try await gate.reconciliation(batch: batch) }
            try BatchCommand.report(outcome, json: global.json)
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a batch; refused (exit 3) unless it reconciles.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Batch name.") var batch: String
        @Option(help: "Note for the audit trail.") var reason: String?

        func run() async throws {
            let gate = try global.openGate()
            let actor = global.actor
            let outcome = await BatchCommand.call { () async throws(GateError) in
                try await gate.closeBatch(batch, reason: reason, by: actor)
            }
            try BatchCommand.report(outcome, json: global.json)
        }
    }

    static func call(_ body: () async throws(GateError) -> BatchReconciliation) async -> Result<BatchReconciliation, GateError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    static func report(_ outcome: Result<BatchReconciliation, GateError>, json: Bool) throws {
        switch outcome {
        case .failure(let error):
            Output.error("REFUSED  \(error.code): \(error.reason)")
            throw CLIExit.exitCode(for: error)
        case .success(let counts):
            if json {
                Output.json(counts)
            } else {
                print("\(counts.batch)  \(counts.closed ? "closed" : "open")  \(counts.summary)")
            }
        }
    }
}
