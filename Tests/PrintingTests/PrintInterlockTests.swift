import Foundation
import Gate
import LabelgateCore
import Ledger
import Printing
import Testing

@Suite struct PrintInterlockTests {
    @Test(arguments: [LabelProfile.isbt, .gs1], ["bag", "small-container", "shipper"])
    func genuineLabelPrintsToTheSpoolAndReadsBack(profile: LabelProfile, template: String) async throws {
        let fixture = try await PrintFixture()
        let printed = try await fixture.gate.print(
            fixture.request(profile: profile, template: template), renderer: fixture.renderer(), printer: fixture.printer,
            by: PrintFixture.operatorA)
        #expect(printed.count == 1)
        let label = try #require(printed.first)
        #expect(label.state == .printed)
        #expect(label.templateVersion == "\(template)@1")
        #expect(fixture.spooledFiles() == ["\(label.serial.text).png", "\(label.serial.text).zpl"])
        #expect(try await fixture.ledger.label(serial: label.serial)?.state == .printed)
        let dock = Station(id: "dock", role: .receivingDock)
        let verdict = await fixture.gate.accept(Scan(bytes: label.payload.bytes, aimIdentifier: label.payload.aimIdentifier), at: dock)
        #expect(verdict.isAccepted)
    }

    @Test(arguments: [203, 300, 600])
    func everyResolutionReadsBack(dpi: Int) async throws {
        let fixture = try await PrintFixture()
        let printed = try await fixture.gate.print(
            fixture.request(profile: .gs1), renderer: fixture.renderer(dpi: dpi), printer: fixture.printer,
            by: PrintFixture.operatorA)
        #expect(printed.first?.state == .printed)
    }

    @Test func mismatchedFingerprintIsRefusedAuditedAndNothingReachesThePrinter() async throws {
        let fixture = try await PrintFixture()
        var request = try fixture.request(profile: .isbt)
        var stale = fixture.record
        stale.patient.familyName = "Otherperson"
        request.recordFingerprint = try RecordFingerprint.compute(for: stale)
        await #expect(throws: GateError(.hashMismatch, "")) {
            try await fixture.gate.print(request, renderer: fixture.renderer(), printer: fixture.printer, by: PrintFixture.operatorA)
        }
        #expect(fixture.spooledFiles().isEmpty)
        #expect(try await fixture.ledger.labels(coi: fixture.record.coi).isEmpty)
        let rows = try await fixture.ledger.auditRows(after: 0, limit: 50)
        #expect(rows.last?.action == "print.refused")
        #expect(rows.last?.reason == "hashMismatch")
    }

    @Test func aLabelThatDoesNotReadBackIsVoidedAndNeverSent() async throws {
        let fixture = try await PrintFixture()
        let smudging = SmudgingRenderer(inner: fixture.renderer())
        await #expect(throws: GateError(.readBackMismatch, "")) {
            try await fixture.gate.print(
                fixture.request(profile: .isbt), renderer: smudging, printer: fixture.printer, by: PrintFixture.operatorA)
        }
        #expect(fixture.spooledFiles().isEmpty)
        let labels = try await fixture.ledger.labels(coi: fixture.record.coi)
        #expect(labels.map(\.state) == [.voided])
    }

    @Test func aRendererThatEncodesAnotherPayloadIsCaught() async throws {
        let fixture = try await PrintFixture()
        let swapping = PayloadSwappingRenderer(inner: fixture.renderer())
        await #expect(throws: GateError(.readBackMismatch, "")) {
            try await fixture.gate.print(
                fixture.request(profile: .isbt), renderer: swapping, printer: fixture.printer, by: PrintFixture.operatorA)
        }
        #expect(fixture.spooledFiles().isEmpty)
    }

    @Test func draftOrUnknownTemplatesDoNotPrintAndTheSerialIsAccountedFor() async throws {
        let fixture = try await PrintFixture()
        await #expect(throws: GateError.self) {
            try await fixture.gate.print(
                fixture.request(profile: .isbt, template: "no-such-template"), renderer: fixture.renderer(),
                printer: fixture.printer, by: PrintFixture.operatorA)
        }
        let labels = try await fixture.ledger.labels(coi: fixture.record.coi)
        #expect(labels.allSatisfy { $0.state == .voided })
        #expect(fixture.spooledFiles().isEmpty)
    }

    @Test func spoolThatCannotBeWrittenFailsTheLabel() async throws {
        let fixture = try await PrintFixture()
        let blocker = fixture.spool.deletingLastPathComponent().appendingPathComponent("blocker")
        try Data("a file, not a directory".utf8).write(to: blocker)
        let printer = FileSpoolPrinter(directory: blocker.appendingPathComponent("spool"), logger: PrintFixture.logger)
        let printed = try await fixture.gate.print(
            fixture.request(profile: .isbt), renderer: fixture.renderer(), printer: printer, by: PrintFixture.operatorA)
        #expect(printed.first?.state == .failed)
        #expect(try await fixture.ledger.label(serial: #require(printed.first?.serial))?.state == .failed)
    }

    @Test func copiesGetDistinctSerials() async throws {
        let fixture = try await PrintFixture()
        let printed = try await fixture.gate.print(
            fixture.request(profile: .gs1, copies: 3), renderer: fixture.renderer(), printer: fixture.printer,
            by: PrintFixture.operatorA)
        #expect(Set(printed.map(\.serial)).count == 3)
        #expect(fixture.spooledFiles().count == 6)
    }
}

/// A renderer whose output is damaged after read-back would have passed: it wipes the 2-D symbol's centre.
struct SmudgingRenderer: LabelRendering {
    let inner: TemplateRenderer
    func render(_ job: RenderJob) throws -> RenderedLabel {
        var label = try inner.render(job)
        // Blank a band through the upper-left corner where the payload symbol sits, then read back again.
        for y in 0..<min(label.image.height, 160) {
            for byte in 0..<min(label.image.bytesPerRow, 20) { label.image.bits[y * label.image.bytesPerRow + byte] = 0 }
        }
        label.symbols = label.symbols.map { symbol in
            var symbol = symbol
            if symbol.expectedAIM.hasPrefix("]d") {
                symbol.decoded = IndependentDecoder().decode(label.image, region: (0, 0, 160, 160))
            }
            return symbol
        }
        return label
    }
}

/// A renderer that encodes a different payload than the one the gate verified.
struct PayloadSwappingRenderer: LabelRendering {
    let inner: TemplateRenderer
    func render(_ job: RenderJob) throws -> RenderedLabel {
        var swapped = job
        var bytes = job.payload.bytes
        bytes[bytes.count - 1] = bytes[bytes.count - 1] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        swapped.payload.bytes = bytes
        return try inner.render(swapped)
    }
}
