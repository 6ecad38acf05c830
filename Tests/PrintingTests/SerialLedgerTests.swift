import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Printing
import Testing

/// Reprint, void, reconciliation and restart recovery: every serial ends accounted for, every step audited.
@Suite struct SerialLedgerTests {
    static let witness = Actor(.operator, "second-op")

    func printOne(_ fixture: PrintFixture, flags: DINFlags = .notUsed, batch: String? = nil, copies: Int = 1)
        async throws -> [PrintedLabel]
    {
        var request = try fixture.request(profile: .isbt, copies: copies, flags: flags)
        request.batch = batch
        return try await fixture.gate.print(request, renderer: fixture.renderer(), printer: fixture.printer, by: PrintFixture.operatorA)
    }

    func reprint(_ fixture: PrintFixture, _ serial: LabelSerial, reason: String = "label smudged", witness: Actor)
        async throws -> PrintedLabel
    {
        try await fixture.gate.reprint(
            serial: serial, recordFingerprint: try RecordFingerprint.compute(for: fixture.record), reason: reason,
            by: PrintFixture.operatorA, witness: witness, profile: .isbt, renderer: fixture.renderer(),
            printer: fixture.printer)
    }

    @Test func reprintNeedsAReasonAndASecondDistinctOperator() async throws {
        let fixture = try await PrintFixture()
        let original = try #require(try await printOne(fixture).first)
        await #expect(throws: GateError(.witnessRequired, "")) {
            try await reprint(fixture, original.serial, witness: Actor(.operator, "PRINTER-OP"))
        }
        await #expect(throws: GateError(.witnessRequired, "")) {
            try await reprint(fixture, original.serial, witness: Actor(.station, "bench-1"))
        }
        await #expect(throws: GateError(.reasonRequired, "")) {
            try await reprint(fixture, original.serial, reason: "  ", witness: Self.witness)
        }
        #expect(fixture.spooledFiles().count == 2)
        #expect(try await fixture.ledger.label(serial: original.serial)?.state == .printed)
        let refusals = try await fixture.ledger.auditRows(after: 0, limit: 500).filter { $0.action == "reprint.refused" }
        #expect(refusals.map(\.reason) == ["witnessRequired", "witnessRequired", "reasonRequired"])
    }

    @Test func reprintIsANewSerialRecordedAsReprintWithFlag05AndTheOriginalVoided() async throws {
        let fixture = try await PrintFixture()
        let original = try #require(try await printOne(fixture).first)
        let copy = try await reprint(fixture, original.serial, witness: Self.witness)
        #expect(copy.serial != original.serial)
        #expect(copy.state == .printed)
        let row = try #require(try await fixture.ledger.label(serial: copy.serial))
        #expect(row.reprintOf == original.serial)
        #expect(row.din.flags == .repeatedDemandPrinted)
        #expect(try await fixture.ledger.label(serial: original.serial)?.state == .voided)
        let audit = try await fixture.ledger.auditRows(after: 0, limit: 500)
        let entry = try #require(audit.first { $0.action == "label.reprint" })
        #expect(entry.subject == original.serial.text)
        #expect(entry.actor == PrintFixture.operatorA.description)
        #expect(entry.details.contains("\"witness\":\"\(Self.witness.description)\""))
        // The reprint reads back and is accepted; the voided original is refused.
        let png = fixture.spool.appendingPathComponent("\(copy.serial.text).png").path
        #expect(try dmtxreadPayload(png) == copy.payload.bytes)
        let dock = Station(id: "dock", role: .receivingDock)
        #expect(await fixture.gate.accept(Scan(bytes: copy.payload.bytes, aimIdentifier: copy.payload.aimIdentifier), at: dock).isAccepted)
        let old = await fixture.gate.accept(Scan(bytes: original.payload.bytes, aimIdentifier: original.payload.aimIdentifier), at: dock)
        #expect(old.reason == .voidedSerial)
        // The original cannot be reprinted a second time while its reprint is valid.
        await #expect(throws: GateError(.invalidState, "")) {
            try await reprint(fixture, original.serial, witness: Self.witness)
        }
    }

    @Test func reprintKeepsContainerFlagsAndRefusesUnknownOrInFlightSerials() async throws {
        let fixture = try await PrintFixture()
        let original = try #require(try await printOne(fixture, flags: .containerOfSet(2)).first)
        let copy = try await reprint(fixture, original.serial, witness: Self.witness)
        #expect(try await fixture.ledger.label(serial: copy.serial)?.din.flags == .containerOfSet(2))
        await #expect(throws: GateError(.unknownSerial, "")) {
            try await reprint(fixture, try #require(LabelSerial(999_999)), witness: Self.witness)
        }
        let issued = try await fixture.gate.issueLabel(
            coi: fixture.record.coi, din: fixture.record.dins[0], profile: .isbt, template: "bag", by: PrintFixture.operatorA)
        await #expect(throws: GateError(.invalidState, "")) {
            try await reprint(fixture, issued.label.serial, witness: Self.witness)
        }
    }

    @Test func voidNeedsAReasonAndIsRefusedEverywhereAfter() async throws {
        let fixture = try await PrintFixture()
        let label = try #require(try await printOne(fixture).first)
        await #expect(throws: GateError(.reasonRequired, "")) {
            try await fixture.gate.void(serial: label.serial, reason: "", by: PrintFixture.operatorA)
        }
        let voided = try await fixture.gate.void(serial: label.serial, reason: "wrong bag", by: PrintFixture.operatorA)
        #expect(voided.state == .voided)
        await #expect(throws: GateError(.invalidState, "")) {
            try await fixture.gate.markApplied(serial: label.serial, by: PrintFixture.operatorA)
        }
        let audit = try await fixture.ledger.auditRows(after: 0, limit: 500)
        #expect(audit.contains { $0.action == "label.voided" && $0.reason == "wrong bag" })
        #expect(audit.contains { $0.action == "label.voidedRefused" && $0.reason == "reasonRequired" })
    }

    @Test func batchClosesOnlyWhenIssuedEqualsAppliedVoidedAndDestroyed() async throws {
        let fixture = try await PrintFixture()
        let labels = try await printOne(fixture, batch: "B-42", copies: 3)
        await #expect(throws: GateError(.unreconciledBatch, "")) {
            try await fixture.gate.closeBatch("B-42", by: PrintFixture.operatorA)
        }
        var counts = try await fixture.gate.reconciliation(batch: "B-42")
        #expect(counts.issued == 3)
        #expect(counts.outstanding == ["printed": 3])
        _ = try await fixture.gate.markApplied(serial: labels[0].serial, by: PrintFixture.operatorA)
        _ = try await fixture.gate.void(serial: labels[1].serial, reason: "spare", by: PrintFixture.operatorA)
        _ = try await fixture.gate.destroy(serial: labels[2].serial, reason: "shredded", by: PrintFixture.operatorA)
        counts = try await fixture.gate.closeBatch("B-42", by: PrintFixture.operatorA)
        #expect(counts.closed)
        #expect(counts.applied == 1 && counts.voided == 1 && counts.destroyed == 1)
        // A closed batch takes no new serial, and nothing was allocated by the attempt.
        await #expect(throws: GateError.self) { try await printOne(fixture, batch: "B-42") }
        #expect(try await fixture.ledger.labels(coi: fixture.record.coi).count == 3)
        let audit = try await fixture.ledger.auditRows(after: 0, limit: 500)
        #expect(audit.contains { $0.action == "batch.closeRefused" && $0.subject == "B-42" })
        #expect(audit.contains { $0.action == "batch.closed" && $0.subject == "B-42" })
    }

    @Test func unknownRecordIsRefusedAuditedAndAllocatesNothing() async throws {
        let fixture = try await PrintFixture()
        let stranger = try SampleRecords.numbered(7)
        let request = PrintRequest(
            coi: stranger.coi, din: stranger.dins[0], recordFingerprint: try RecordFingerprint.compute(for: stranger),
            profile: .isbt, template: "bag")
        await #expect(throws: GateError(.unknownRecord, "")) {
            try await fixture.gate.print(request, renderer: fixture.renderer(), printer: fixture.printer, by: PrintFixture.operatorA)
        }
        #expect(fixture.spooledFiles().isEmpty)
        let audit = try await fixture.ledger.auditRows(after: 0, limit: 50)
        #expect(audit.last?.action == "print.refused")
        #expect(audit.last?.reason == "unknownRecord")
    }

    @Test func restartSettlesInterruptedJobsWithoutResending() async throws {
        let fixture = try await PrintFixture()
        let store = fixture.ledger
        func issue() async throws -> LabelSerial {
            try await fixture.gate.issueLabel(
                coi: fixture.record.coi, din: fixture.record.dins[0], profile: .isbt, template: "bag",
                by: PrintFixture.operatorA
            ).label.serial
        }
        // Before the "crash": one never rendered, one rendered, one sent to the spool and written, one sent and lost.
        let neverRendered = try await issue()
        let rendered = try await issue()
        _ = try await store.transitionLabel(rendered, to: .rendered, by: .system, reason: "bag@1")
        let written = try #require(try await printOne(fixture).first).serial
        let lost = try await issue()
        _ = try await store.transitionLabel(lost, to: .rendered, by: .system, reason: "bag@1")
        try await store.recordPrintJob(lost, printer: "spool", job: nil, by: .system)
        _ = try await store.transitionLabel(lost, to: .sent, by: .system, reason: "spool")
        let elsewhere = try await issue()
        _ = try await store.transitionLabel(elsewhere, to: .rendered, by: .system, reason: "bag@1")
        try await store.recordPrintJob(elsewhere, printer: "zebra-gone", job: nil, by: .system)
        _ = try await store.transitionLabel(elsewhere, to: .sent, by: .system, reason: "zebra-gone")

        let restarted = try Gate(store: store, logger: PrintFixture.logger)
        let recovered = try await restarted.recoverInterruptedPrints(printers: [fixture.printer])
        let byserial = Dictionary(uniqueKeysWithValues: recovered.map { ($0.serial, $0.now) })
        #expect(byserial[neverRendered] == .failed)
        #expect(byserial[rendered] == .failed)
        #expect(byserial[lost] == .failed)
        #expect(byserial[elsewhere] == .uncertain)
        #expect(byserial[written] == nil)
        #expect(try await store.label(serial: written)?.state == .printed)
        #expect(fixture.spooledFiles().count == 2)
        // Running it again changes nothing.
        #expect(try await restarted.recoverInterruptedPrints(printers: [fixture.printer]).isEmpty)
    }
}
