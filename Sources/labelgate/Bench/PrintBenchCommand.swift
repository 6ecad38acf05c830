import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Printing

/// `labelgate bench-print`: gated labels/s against raw libzint encode+buffer of the same symbols, in one run.
///
/// Every figure is given by the wall clock and by CPU time (the measuring thread's for the single-thread stages, the
/// whole process's for the gated runs), so that a machine loaded by other work still gives comparable ratios.
struct PrintBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-print",
        abstract: "Measure gated labels/s (check + serial + render + read-back + durable ledger) against raw libzint.",
        discussion: """
            Targets (issue 3): symbol rendering <= 1.5 x raw libzint encode+buffer of the same symbols, and >= 1,000
            gated labels/s (lookup, fingerprint check, serial, render, independent read-back, durable ledger writes)
            on a 2-core machine. The symbol stages alternate in rounds on one dedicated thread; ratios use that
            thread's CPU time.
            """)

    @Option(help: "Labels to print through the gate (per gated run).") var labels = 1000
    @Option(help: "Symbol renders to time for the libzint baseline and the symbol stage.") var symbols = 3000
    @Option(help: "Printer resolution.") var dpi = 203
    @Option(help: "Template directory (default: $LABELGATE_TEMPLATES or ./templates).") var templates: String?

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-pbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let global = try GlobalOptions.parse(["--store", dir.appendingPathComponent("bench.sqlite").path])
        let gate = try global.openGate()
        let record = try SampleRecords.record()
        try await gate.store.addRecord(record, by: .system)
        let catalog = try TemplateCatalog(directory: templates.map { URL(fileURLWithPath: $0) } ?? TemplateCatalog.defaultDirectory)
        let renderer = TemplateRenderer(catalog: catalog, dotsPerInch: dpi)
        let printer = FileSpoolPrinter(directory: dir.appendingPathComponent("spool"), logger: global.logger())

        // The same three symbols every bag label carries, at the template's module sizes.
        let sample = try await gate.issueLabel(coi: record.coi, din: record.dins[0], profile: .gs1, by: .system)
        let job = RenderJob(
            claim: sample.claim, payload: sample.payload, template: "bag", collectionDate: record.collectionDate,
            collectionFacility: record.collectionFacility)
        let kinds: [LabelTemplate.Element.Kind] = [.payload, .dinBarcode, .productBarcode]
        let barcodes = try kinds.map { try TemplateRenderer.symbol(for: $0, job: job) }
        let matrixModule = max(1, Int((0.5 * Double(dpi) / 25.4).rounded()))
        let linearModule = max(1, Int((0.25 * Double(dpi) / 25.4).rounded()))
        let linearHeight = Int((10 * Double(dpi) / 25.4).rounded())
        let modules: [Int] = barcodes.map { $0.isMatrix ? matrixModule : linearModule }
        let (raw, symbol) = try await PrintBenchStages.symbolStages(
            barcodes, modules: modules, linearHeight: linearHeight, rounds: 6, perRound: max(1, symbols / 6))
        let whole = try await PrintBenchStages.onThread(count: max(1, labels / 2)) { _ in _ = try renderer.render(job) }

        let fingerprint = try RecordFingerprint.compute(for: record)
        let request = PrintRequest(
            coi: record.coi, din: record.dins[0], recordFingerprint: fingerprint, profile: .gs1, template: "bag",
            copies: 1)
        _ = try await gate.print(request, renderer: renderer, printer: printer, by: .system)  // warm-up
        let gated = try await PrintBenchStages.gated(labels, request, gate: gate, renderer: renderer, printer: BenchSinkPrinter())
        let spooled = try await PrintBenchStages.gated(labels, request, gate: gate, renderer: renderer, printer: printer)

        let symbolRatio = symbol.cpuSeconds / raw.cpuSeconds
        print("bench-print at \(dpi) dpi, bag template (GS1 DataMatrix + 2 x Code 128), libzint \(ZintEncoder.version); per label:")
        print("                                          CPU µs   wall µs   x raw libzint (CPU)")
        print(PrintBenchStages.line("raw libzint encode+buffer (baseline)", raw, raw))
        print(PrintBenchStages.line("symbols rendered (zint, packed 1-bit)", symbol, raw))
        print(PrintBenchStages.line("whole label drawn + zxing read-back", whole, raw))
        print(String(format: "symbol rendering = %.2f x raw libzint (target <= 1.5 x): ", symbolRatio) + (symbolRatio <= 1.5 ? "met" : "NOT MET"))
        print("gated labels (lookup, fingerprint check, serials, render, read-back, durable ledger: issued, rendered,")
        print("sent, printed), jobs of 100, labels/s by the wall clock and per CPU-second of the whole process:")
        print(PrintBenchStages.rateLine("to a printer that discards", gated))
        print(PrintBenchStages.rateLine("spooled (PNG + ZPL, synced)", spooled))
        print(
            "gated target >= 1000 labels/s: " + (gated.wallRate >= 1000 && gated.cpuRate >= 1000 ? "met" : "NOT MET")
                + String(format: " (wall %.0f/s, %.0f per CPU-second)", gated.wallRate, gated.cpuRate))
    }
}

/// A printer that accepts every label and keeps nothing: the benchmark's measure of the gate alone.
struct BenchSinkPrinter: LabelPrinting {
    let name = "bench-sink"

    func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery] {
        await deliverEach(labels, journal: journal) { _ in .printed(location: "discarded") }
    }
}
