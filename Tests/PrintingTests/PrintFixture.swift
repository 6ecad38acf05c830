import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Logging
import Printing

/// A gate over a fresh ledger with one record, the repository's templates, and a spool directory.
struct PrintFixture {
    let gate: Gate
    let ledger: SQLiteLedger
    let record: COIRecord
    let spool: URL
    let catalog: TemplateCatalog
    static let operatorA = Actor(.operator, "printer-op")
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    init() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        ledger = try SQLiteLedger(path: dir.appendingPathComponent("ledger.sqlite").path, logger: Self.logger)
        gate = try Gate(store: ledger, logger: Self.logger)
        record = try SampleRecords.record()
        try await ledger.addRecord(record, by: Self.operatorA)
        spool = dir.appendingPathComponent("spool")
        catalog = try TemplateCatalog(directory: Self.repositoryRoot.appendingPathComponent("templates"))
    }

    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }

    func request(profile: LabelProfile, template: String = "bag", copies: Int = 1, flags: DINFlags = .containerOfSet(1))
        throws -> PrintRequest
    {
        PrintRequest(
            coi: record.coi, din: record.dins[0].with(flags: flags),
            recordFingerprint: try RecordFingerprint.compute(for: record), profile: profile, template: template,
            copies: copies)
    }

    var printer: FileSpoolPrinter { FileSpoolPrinter(directory: spool, logger: Self.logger) }

    func renderer(dpi: Int = 203) -> TemplateRenderer { TemplateRenderer(catalog: catalog, dotsPerInch: dpi) }

    func spooledFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).sorted()
    }
}

/// Runs an external program (an independent decoder) and returns its standard output bytes and exit status.
func runTool(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: [UInt8]) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, Array(data))
}
