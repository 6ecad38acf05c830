import Foundation
import Gate
import LabelgateCore
import Ledger
import Tags
import Testing

/// The print path with a tag: the claim is written to the tag and read back before the label goes to the printer.
///
/// The renderer and printer here are stand-ins (the print path's own read-back is tested in PrintingTests); the
/// tag goes through the real libnfc and the emulator.
@Suite(.timeLimit(.minutes(1)))
struct PrintWithTagTests {
    struct EchoRenderer: LabelRendering {
        func render(_ job: RenderJob) throws -> RenderedLabel {
            RenderedLabel(
                templateVersion: "\(job.template)@1", image: MonochromeImage(width: 8, height: 1, dotsPerInch: 300, bits: [0]),
                symbols: [
                    ReadBack(
                        expectedAIM: job.payload.aimIdentifier, expectedBytes: job.payload.bytes,
                        decoded: [(aim: job.payload.aimIdentifier, bytes: job.payload.bytes)])
                ])
        }
    }

    /// The echo renderer for a template whose labels carry a tag (`bag-nfc`).
    struct TagTemplateRenderer: LabelRendering {
        func render(_ job: RenderJob) throws -> RenderedLabel { try EchoRenderer().render(job) }
        func carriesTag(template: String) -> Bool { template == "bag-nfc" }
    }

    final class CountingPrinter: LabelPrinting, @unchecked Sendable {
        // Confinement: the gate delivers one label at a time in these tests.
        var delivered = 0
        let name = "test-printer"
        func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery] {
            guard await journal.willSend(all: labels.map(\.serial)) else {
                return labels.map { _ in .failed(reason: "not recorded") }
            }
            delivered += labels.count
            return labels.map { _ in .printed(location: "test") }
        }
        func recover(_ job: PrintJobReference) async -> PrintDelivery { .failed(reason: "never sent") }
        func status() async -> PrinterStatus { PrinterStatus(ready: true, detail: "test") }
    }

    func request(_ fixture: TagFixture) throws -> PrintRequest {
        PrintRequest(
            coi: fixture.record.coi, din: fixture.record.dins[0].with(flags: .containerOfSet(1)),
            recordFingerprint: try RecordFingerprint.compute(for: fixture.record), profile: .isbt, template: "bag")
    }

    @Test func printsOnlyAfterTheTagReadsBackAccepted() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(TagGateTests.uidA)
        let printer = CountingPrinter()
        let labels = try await fixture.gate.print(
            try request(fixture), renderer: EchoRenderer(), printer: printer, by: TagFixture.clerk,
            tag: TagEncoder(session: fixture.session))
        #expect(printer.delivered == 1)
        #expect(labels.first?.state == .printed)
        #expect(try await fixture.auditRows(action: "tag.encoded").count == 1)
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(verdict.isAccepted)
        #expect(verdict.serial == labels.first?.serial.text)
    }

    @Test func voidsTheSerialAndPrintsNothingWhenTheTagIsRemovedMidWrite() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(TagGateTests.uidA)
        try fixture.emulator.control(["cmd": "remove_after_writes", "n": 2])
        let printer = CountingPrinter()
        await #expect(throws: GateError(.tag, "")) {
            try await fixture.gate.print(
                try request(fixture), renderer: EchoRenderer(), printer: printer, by: TagFixture.clerk,
                tag: TagEncoder(session: fixture.session, timeout: .milliseconds(500)))
        }
        #expect(printer.delivered == 0)
        let labels = try await fixture.ledger.labels(coi: fixture.record.coi)
        #expect(labels.map(\.state) == [.voided])
    }

    func printTagLabel(_ fixture: TagFixture, printer: CountingPrinter) async throws -> PrintedLabel {
        var request = try request(fixture)
        request.template = "bag-nfc"
        let labels = try await fixture.gate.print(
            request, renderer: TagTemplateRenderer(), printer: printer, by: TagFixture.clerk,
            tag: TagEncoder(session: fixture.session))
        return try #require(labels.first)
    }

    /// A reprint of a label whose template carries a tag writes the new label's tag through the gate; the dock then
    /// accepts the new tag, and the original is voided.
    @Test func aReprintOfATagLabelWritesItsNewTag() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(TagGateTests.uidA)
        let printer = CountingPrinter()
        let original = try await printTagLabel(fixture, printer: printer)
        _ = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        try fixture.emulator.control(["cmd": "remove"])
        try fixture.placeGenuine(TagGateTests.uidB)
        let reprint = try await fixture.gate.reprint(
            serial: original.serial, recordFingerprint: try RecordFingerprint.compute(for: fixture.record),
            reason: "label smudged", by: TagFixture.clerk, witness: Actor(.operator, "clerk-2"), profile: .isbt,
            renderer: TagTemplateRenderer(), printer: printer, tag: TagEncoder(session: fixture.session))
        #expect(reprint.state == .printed)
        #expect(reprint.serial != original.serial)
        #expect(printer.delivered == 2)
        #expect(try await fixture.auditRows(action: "tag.encoded").count == 2)
        #expect(try await fixture.ledger.label(serial: original.serial)?.state == .voided)
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(verdict.isAccepted)
        #expect(verdict.serial == reprint.serial.text)
    }

    /// Without a tag writer such a reprint is refused before anything changes: the original stays valid.
    @Test func aReprintOfATagLabelWithoutAWriterIsRefusedAndTheOriginalStaysValid() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(TagGateTests.uidA)
        let printer = CountingPrinter()
        let original = try await printTagLabel(fixture, printer: printer)
        await #expect(throws: GateError(.tag, "")) {
            try await fixture.gate.reprint(
                serial: original.serial, recordFingerprint: try RecordFingerprint.compute(for: fixture.record),
                reason: "label smudged", by: TagFixture.clerk, witness: Actor(.operator, "clerk-2"), profile: .isbt,
                renderer: TagTemplateRenderer(), printer: printer)
        }
        #expect(printer.delivered == 1)
        #expect(try await fixture.ledger.label(serial: original.serial)?.state == .printed)
        let refusals = try await fixture.auditRows(action: "reprint.refused")
        #expect(refusals.map(\.reason) == [GateError.Code.tag.rawValue])
    }
}
