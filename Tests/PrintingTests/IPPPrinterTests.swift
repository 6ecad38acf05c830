import Foundation
import Gate
import LabelgateCore
import Ledger
import Printing
import PrintingTestSupport
import Testing

/// The IPP backend against a real `ippeveprinter` (CUPS) on loopback; each received document is decoded with dmtxread.
/// Skipped only when `ippeveprinter` or `dbus-daemon` is not installed (scripts/apt/printing.txt installs both).
@Suite(.timeLimit(.minutes(1)), .serialized, .enabled(if: IPPEveHarness.isAvailable))
struct IPPPrinterTests {
    func ipp(_ harness: IPPEveHarness, rawQueue: Bool = false) -> IPPPrinter {
        IPPPrinter(
            name: "ippeve", configuration: .init(uri: harness.uri, rawQueue: rawQueue, timeout: 5, jobTimeout: 10, pollInterval: 0.05),
            logger: PrintFixture.logger)
    }

    @Test func genuineLabelPrintsOverIPPAndTheReceivedDocumentDecodes() async throws {
        let harness = try IPPEveHarness()
        defer { harness.stop() }
        let fixture = try await PrintFixture()
        let status = await ipp(harness).status()
        #expect(status.ready)
        let printed = try await fixture.gate.print(
            fixture.request(profile: .gs1, copies: 2), renderer: fixture.renderer(dpi: 300), printer: ipp(harness),
            by: PrintFixture.operatorA)
        #expect(printed.map(\.state) == [.printed, .printed])
        let documents = harness.receivedDocuments()
        #expect(documents.count == 2)
        for (label, document) in zip(printed, documents) {
            #expect(try dmtxreadPayload(document.path) == label.payload.bytes)
            let job = try #require(try await fixture.ledger.printJob(serial: label.serial))
            #expect(job.printer == "ippeve")
            #expect(job.job != nil)
        }
        // After a restart the IPP printer is asked about the job: it completed, so the label is printed.
        let job = try #require(try await fixture.ledger.printJob(serial: printed[0].serial))
        #expect(await ipp(harness).recover(job) == .printed(location: "\(harness.uri) job \(job.job ?? "")"))
    }

    @Test func completedByARawQueueCountsAsSentNotPrinted() async throws {
        let harness = try IPPEveHarness()
        defer { harness.stop() }
        let fixture = try await PrintFixture()
        let printed = try await fixture.gate.print(
            fixture.request(profile: .isbt), renderer: fixture.renderer(), printer: ipp(harness, rawQueue: true),
            by: PrintFixture.operatorA)
        #expect(printed.map(\.state) == [.sent])
        #expect(harness.receivedDocuments().count == 1)
    }

    @Test func mediaEmptyStopsTheBatchAndNothingIsReissued() async throws {
        let harness = try IPPEveHarness()
        defer { harness.stop() }
        let fixture = try await PrintFixture()
        try harness.setMediaEmpty(true)
        let printed = try await fixture.gate.print(
            fixture.request(profile: .isbt, copies: 3), renderer: fixture.renderer(), printer: ipp(harness),
            by: PrintFixture.operatorA)
        #expect(printed.count == 3)
        #expect(printed[0].state == .uncertain)
        #expect(printed.dropFirst().allSatisfy { $0.state == .failed })
        #expect(harness.receivedDocuments().isEmpty)
        let status = await ipp(harness).status()
        #expect(status.reasons.contains("media-empty"))
        #expect(!status.ready)
        #expect(try await fixture.ledger.labels(coi: fixture.record.coi).count == 3)
    }

    @Test func mismatchedFingerprintSendsNothingToTheIPPPrinter() async throws {
        let harness = try IPPEveHarness()
        defer { harness.stop() }
        let fixture = try await PrintFixture()
        var request = try fixture.request(profile: .gs1)
        var stale = fixture.record
        stale.patient.dateOfBirth = "1970-01-01"
        request.recordFingerprint = try RecordFingerprint.compute(for: stale)
        await #expect(throws: GateError(.hashMismatch, "")) {
            try await fixture.gate.print(request, renderer: fixture.renderer(), printer: ipp(harness), by: PrintFixture.operatorA)
        }
        #expect(harness.receivedDocuments().isEmpty)
    }

    @Test func unreachableIPPPrinterFailsTheLabel() async throws {
        let fixture = try await PrintFixture()
        let printer = IPPPrinter(
            name: "nowhere", configuration: .init(uri: "ipp://127.0.0.1:1/ipp/print", timeout: 1),
            logger: PrintFixture.logger)
        let printed = try await fixture.gate.print(
            fixture.request(profile: .isbt), renderer: fixture.renderer(), printer: printer, by: PrintFixture.operatorA)
        #expect(printed.map(\.state) == [.failed])
    }
}
