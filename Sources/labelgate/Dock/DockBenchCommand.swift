import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Scanners

/// `labelgate bench-dock`: report → verdict latency through the receiving dock, in process.
struct DockBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-dock",
        abstract: "Measure scanner report → verdict latency (p50/p99) through the dock, with N records loaded.",
        discussion: """
            Loads --records fictitious records (one label each, as `labelgate bench` does), marks the sampled labels
            printed, then scans them one at a time through the dock's decoders and gate (a code-driven transport
            stands in for libusb): HID POS (Honeywell layout) and keyboard-wedge (US) reports. Latency runs from the
            report that completes a scan to the verdict event, audit row durable. The baseline is Gate.accept on the
            same scans without the dock.
            """)

    @Option(help: "Records to load (each with one label).") var records = 1_000_000
    @Option(help: "Scans to time per mode.") var scans = 2_000
    @Option(help: "Directory for the benchmark ledger (default: a temporary directory).") var directory: String?
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() async throws {
        let dir =
            directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-dockbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(at: dir) } }
        let global = try GlobalOptions.parse(["--store", dir.appendingPathComponent("bench.sqlite").path])
        let ledger = try global.openLedger()
        let gate: Gate
        do {
            gate = try Gate(store: ledger, logger: global.logger())
        } catch {
            throw CLIError("cannot start the gate: \(error)")
        }
        var report = DockBenchReport(records: records, scans: scans)
        report.loadSeconds = try await BenchLoader.load(records: records, into: ledger)
        let sample = try BenchLoader.scans(count: scans * 3, records: records)
        var printed = Set<Int64>()
        for (serial, _) in sample where printed.insert(serial).inserted {
            guard let label = LabelSerial(UInt64(serial)) else { continue }
            _ = try await ledger.transitionLabel(label, to: .printed, by: Actor(.system, "bench"), reason: nil)
        }
        let station = Station(id: "bench-dock", role: .receivingDock)
        let runner = DockBenchRunner(gate: gate, station: station, logger: global.logger())
        report.decodeHIDPOS = DockBenchRunner.decodeOnly(sample[0..<scans].map(\.scan), mode: .hidPOS)
        report.decodeWedge = DockBenchRunner.decodeOnly(sample[0..<scans].map(\.scan), mode: .keyboardWedge)
        report.decision = await runner.decisionOnly(sample[0..<scans].map(\.scan))
        report.baseline = try await runner.baseline(sample[0..<scans].map(\.scan))
        report.hidPOS = try await runner.throughDock(sample[scans..<2 * scans].map(\.scan), mode: .hidPOS)
        report.wedge = try await runner.throughDock(sample[2 * scans..<3 * scans].map(\.scan), mode: .keyboardWedge)
        if json { Output.json(report) } else { report.printTable() }
    }
}

/// What `labelgate bench-dock` measured, in microseconds.
struct DockBenchReport: Encodable {
    struct Latency: Encodable {
        var p50: Double
        var p99: Double
        var max: Double
        var accepted: Int

        init(_ microseconds: [Double], accepted: Int) {
            let sorted = microseconds.sorted()
            func at(_ q: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]
            }
            p50 = at(0.50)
            p99 = at(0.99)
            max = sorted.last ?? 0
            self.accepted = accepted
        }
    }

    var records: Int
    var scans: Int
    var loadSeconds = 0.0
    var decodeHIDPOS: Latency?
    var decodeWedge: Latency?
    var decision: Latency?
    var baseline: Latency?
    var hidPOS: Latency?
    var wedge: Latency?

    func printTable() {
        func row(_ name: String, _ latency: Latency?) {
            guard let latency else { return }
            let cells = [latency.p50, latency.p99, latency.max].map { String(format: "%9.0f", $0) }.joined()
            print(
                name.padding(toLength: 44, withPad: " ", startingAt: 0) + cells
                    + "   \(latency.accepted)/\(scans) accepted")
        }
        print("records loaded (1 label each)               \(records) in \(String(format: "%.1f", loadSeconds)) s")
        print("latency in microseconds                           p50      p99      max")
        row("decode only: last HID POS report -> Scan", decodeHIDPOS)
        row("decode only: wedge Enter report -> Scan", decodeWedge)
        row("gate decision, no audit row (read path)", decision)
        row("baseline: Gate.accept (audited), no dock", baseline)
        row("HID POS report -> verdict (audited)", hidPOS)
        row("keyboard-wedge report -> verdict (audited)", wedge)
        print("target: p99 <= 1000 us; audited rows wait for a durable commit (synchronous=FULL)")
    }
}
