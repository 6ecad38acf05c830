import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Printing

/// `labelgate bench-print`: gated labels/s against raw libzint encode+buffer of the same symbols, in one run.
struct PrintBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-print",
        abstract: "Measure gated labels/s (check + serial + render + read-back + durable ledger) against raw libzint.")

    @Option(help: "Labels to print through the gate.") var labels = 300
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

        // The same three symbols every bag label carries.
        let sample = try await gate.issueLabel(coi: record.coi, din: record.dins[0], profile: .gs1, by: .system)
        let job = RenderJob(
            claim: sample.claim, payload: sample.payload, template: "bag", collectionDate: record.collectionDate,
            collectionFacility: record.collectionFacility)
        let kinds: [LabelTemplate.Element.Kind] = [.payload, .dinBarcode, .productBarcode]
        let barcodes = try kinds.map { try TemplateRenderer.symbol(for: $0, job: job) }
        let matrixModule = max(1, Int((0.5 * Double(dpi) / 25.4).rounded()))
        let linearModule = max(1, Int((0.25 * Double(dpi) / 25.4).rounded()))
        let modules: [Int] = barcodes.map { $0.isMatrix ? matrixModule : linearModule }
        let encoder = ZintEncoder()
        let clock = ContinuousClock()

        var start = clock.now
        for _ in 0..<symbols {
            for (symbol, module) in zip(barcodes, modules) where !encoder.rawEncodeAndBuffer(symbol, dotsPerModule: module) {
                throw CLIError("libzint failed")
            }
        }
        let rawPerLabel = (clock.now - start).seconds / Double(symbols)

        start = clock.now
        for _ in 0..<symbols {
            for (symbol, module) in zip(barcodes, modules) { _ = try encoder.render(symbol, dotsPerModule: module) }
        }
        let symbolsPerLabel = (clock.now - start).seconds / Double(symbols)

        start = clock.now
        for _ in 0..<(labels / 3) { _ = try renderer.render(job) }
        let renderPerLabel = (clock.now - start).seconds / Double(labels / 3)

        let fingerprint = try RecordFingerprint.compute(for: record)
        let request = PrintRequest(
            coi: record.coi, din: record.dins[0], recordFingerprint: fingerprint, profile: .gs1, template: "bag",
            copies: 1)
        _ = try await gate.print(request, renderer: renderer, printer: printer, by: .system)  // warm-up
        let gatedPerLabel = try await Self.gated(labels, request, gate: gate, renderer: renderer, printer: BenchSinkPrinter())
        let spooledPerLabel = try await Self.gated(labels, request, gate: gate, renderer: renderer, printer: printer)

        func rate(_ seconds: Double) -> String { String(format: "%10.0f /s  (%7.1f µs)", 1 / seconds, seconds * 1e6) }
        print("labels per second at \(dpi) dpi, bag template (GS1 DataMatrix + 2 × Code 128), libzint \(ZintEncoder.version)")
        print("baseline: raw libzint encode+buffer     \(rate(rawPerLabel))")
        print("symbols rendered (zint + copy out)      \(rate(symbolsPerLabel))   = \(String(format: "%.2f", symbolsPerLabel / rawPerLabel)) x baseline")
        print("whole label drawn + zxing read-back     \(rate(renderPerLabel))   = \(String(format: "%.1f", renderPerLabel / rawPerLabel)) x baseline")
        print("rendering alone vs baseline (target <= 1.5 x): symbols \(String(format: "%.2f", symbolsPerLabel / rawPerLabel)) x")
        print("gated labels: lookup, fingerprint check, serials, render, read-back, durable ledger (issued, rendered,")
        print("  sent, printed), to a printer that discards   \(rate(gatedPerLabel))   target >= 1000/s")
        print("the same, spooled as PNG + ZPL files          \(rate(spooledPerLabel))")
    }

    /// Seconds per label printing `labels` labels through the gate in jobs of up to 100 copies.
    static func gated(
        _ labels: Int, _ request: PrintRequest, gate: Gate, renderer: TemplateRenderer, printer: any LabelPrinting
    ) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var done = 0
        while done < labels {
            var job = request
            job.copies = min(100, labels - done)
            let result = try await gate.print(job, renderer: renderer, printer: printer, by: .system)
            guard result.allSatisfy({ $0.state == .printed }) else { throw CLIError("a benchmark label did not print") }
            done += job.copies
        }
        return (clock.now - start).seconds / Double(max(1, labels))
    }
}

/// A printer that accepts every label and keeps nothing: the benchmark's measure of the gate alone.
struct BenchSinkPrinter: LabelPrinting {
    let name = "bench-sink"

    func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery] {
        await deliverEach(labels, journal: journal) { _ in .printed(location: "discarded") }
    }
}
