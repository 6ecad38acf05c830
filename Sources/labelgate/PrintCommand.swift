import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger
import Printing

/// `labelgate print`: the print interlock from the command line, onto the file spool printer.
struct PrintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print labels for a bag through the gate: verify, render, read back, then spool.",
        discussion: """
            The gate refuses (exit 3) when --fingerprint does not match the record as the ledger holds it now.
            Without --fingerprint the command uses the fingerprint of the record it has just read.
            Output: each serial, its state and where the label went (the spool files, the ZPL printer, the IPP job).
            Printers come from a printers file (see docs/printing.md); without one, labels go to the file spool.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "COI identifier content of the record.") var record: String
    @Option(help: "Template name: bag, small-container, shipper.") var template = "bag"
    @Option(help: "Printer name from the printers file (default: the file's default, else the spool).") var printer: String?
    @Option(help: "Printers file (default: $LABELGATE_PRINTERS or ./printers.json; without one: the spool).")
    var printers: String?
    @Option(help: "Number of labels; each gets its own serial.") var copies = 1
    @Option(help: "gs1 or isbt.") var profile: LabelProfile = .isbt
    @Option(help: "Which bag: a 13-character DIN of the record (default: its first).") var din: String?
    @Option(help: "DIN flag characters to print (00, 01-04 container of a set…).") var flags = "00"
    @Option(help: "The record fingerprint the request was prepared from (from `record show`).") var fingerprint: String?
    @Option(help: "Resolution of the spool printer when no printers file is used: 203, 300 or 600.") var dpi = 203
    @Option(help: "Spool directory.") var spool = "./spool"
    @Option(help: "Template directory (default: $LABELGATE_TEMPLATES or ./templates).") var templates: String?
    @Option(help: "Print batch, for reconciliation.") var batch: String?
    // Through the daemon (issue 6): with --daemon the daemon prints at --station through its own gate.
    @OptionGroup var daemon: DaemonOptions
    @Option(help: "With --daemon: the print station to print at.") var station = "print-1"

    func validate() throws {
        guard [203, 300, 600].contains(dpi) else { throw ValidationError("--dpi must be 203, 300 or 600") }
        guard (1...100).contains(copies) else { throw ValidationError("--copies must be 1 to 100") }
    }

    func run() async throws {
        if daemon.address != nil { return try DaemonPrint.run(self, daemon: daemon, station: station) }
        let gate = try global.openGate()
        let found = try await RecordCommand.load(record, from: gate.store)
        let bag = try LabelCommand.Payload.bag(of: found, din: din, flags: flags)
        let expected = try Self.fingerprint(fingerprint, record: found)
        let catalog = try TemplateCatalog(directory: templates.map { URL(fileURLWithPath: $0) } ?? TemplateCatalog.defaultDirectory)
        let request = PrintRequest(
            coi: found.coi, din: bag, recordFingerprint: expected, profile: profile, template: template, copies: copies,
            batch: batch)
        let configured = try PrintersCommand.catalog(printers, spool: spool, dpi: dpi)
        let entry = try PrintersCommand.entry(printer, in: configured)
        let outcome = await Self.printThroughGate(
            request, gate: gate, renderer: TemplateRenderer(catalog: catalog, dotsPerInch: entry.dpi),
            printer: configured.printer(entry, logger: global.logger()), actor: global.actor)
        guard case .success(let printed) = outcome else {
            if case .failure(let error) = outcome {
                Output.error("REFUSED  \(error.code): \(error.reason)")
                throw CLIExit.exitCode(for: error)
            }
            return
        }
        if global.json {
            Output.json(printed.map(PrintedView.init))
        } else {
            for label in printed {
                print("\(label.serial)  \(label.state.rawValue)  \(entry.name)  \(PrintedView(label).location)")
            }
        }
        if printed.contains(where: { $0.state != .printed }) { throw CLIExit.failure.exitCode }
    }
}

extension PrintCommand {
    /// Calls the gate, returning its typed error as a value. (A typed-throws call caught inside this async `run`
    /// crashes the Swift 6.3 compiler's ownership verifier; a separate non-throwing function does not.)
    static func printThroughGate(
        _ request: PrintRequest, gate: Gate, renderer: TemplateRenderer, printer: any LabelPrinting, actor: Actor
    ) async -> Result<[PrintedLabel], GateError> {
        do {
            return .success(try await gate.print(request, renderer: renderer, printer: printer, by: actor))
        } catch {
            return .failure(error)
        }
    }

    /// The fingerprint given on the command line, or the one of the record just read.
    static func fingerprint(_ text: String?, record: COIRecord) throws -> IdentityHash {
        do {
            guard let text else { return try RecordFingerprint.compute(for: record) }
            return try IdentityHash(text: text)
        } catch {
            throw ValidationError("--fingerprint: \(error.reason)")
        }
    }
}

/// JSON view of a printed label.
struct PrintedView: Encodable {
    var serial, state, template, location: String
    var payload: String

    init(_ label: PrintedLabel) {
        serial = label.serial.text
        state = label.state.rawValue
        template = label.templateVersion
        payload = label.payload.text
        location = label.delivery.locationOrReason
    }
}
