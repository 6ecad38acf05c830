import Foundation
import Gate
import LabelgateCore
import Ledger
import Printing
import Testing

/// The ZPL backend against our own Zebra emulator on 127.0.0.1: genuine labels print and decode with dmtxread from the
/// emulator's decompressed `^GF` dots; faults mid-batch leave every serial accounted for.
@Suite(.timeLimit(.minutes(1)), .serialized) struct ZPLPrinterTests {
    func zpl(_ emulator: ZPLPrinterEmulator, window: Int = 2) -> ZPLPrinter {
        ZPLPrinter(
            name: "zebra", configuration: .init(host: "127.0.0.1", port: emulator.port, window: window, statusTimeout: 0.5,
            pollInterval: 0.02, labelTimeout: 3), logger: PrintFixture.logger)
    }

    @Test func genuineLabelsPrintOverTCPAndDecodeFromTheEmulatorsDots() async throws {
        let fixture = try await PrintFixture()
        let emulator = try ZPLPrinterEmulator()
        defer { emulator.stop() }
        let printed = try await fixture.gate.print(
            fixture.request(profile: .isbt, copies: 2), renderer: fixture.renderer(), printer: zpl(emulator),
            by: PrintFixture.operatorA)
        #expect(printed.map(\.state) == [.printed, .printed])
        let labels = emulator.printed
        #expect(labels.count == 2)
        let dir = try temporaryDirectory("zpl-decode")
        for (label, dots) in zip(printed, labels) {
            #expect(dots.comment == "LABELGATE SERIAL \(label.serial.text)")
            let file = dir.appendingPathComponent("\(label.serial.text).pbm")
            try dots.pbm().write(to: file)
            #expect(try dmtxreadPayload(file.path) == label.payload.bytes)
            #expect(try await fixture.ledger.label(serial: label.serial)?.state == .printed)
        }
    }

    @Test func paperOutMidBatchLeavesEverySerialAccountedFor() async throws {
        let fixture = try await PrintFixture()
        let emulator = try ZPLPrinterEmulator(labelTime: 0.05)
        defer { emulator.stop() }
        emulator.inject(.paperOut, afterPrinting: 2)
        let printed = try await fixture.gate.print(
            fixture.request(profile: .gs1, copies: 5), renderer: fixture.renderer(), printer: zpl(emulator),
            by: PrintFixture.operatorA)
        #expect(printed.count == 5)
        #expect(Set(printed.map(\.serial)).count == 5)
        let states = printed.map(\.state)
        #expect(Array(states.prefix(3)) == [.printed, .printed, .uncertain])
        #expect(states.dropFirst(3).allSatisfy { $0 == .failed })
        #expect(emulator.printed.count == 2)
        // Every format the printer received is printed or was dropped by ~JA (the one under the head included: whether
        // a real printer prints it after the fault is its "reprint after error" setting, hence uncertain).
        #expect(emulator.formatsCancelled >= 1)
        #expect(emulator.formatsReceived == emulator.printed.count + emulator.formatsCancelled)
        let ledger = try await fixture.ledger.labels(coi: fixture.record.coi)
        #expect(ledger.count == 5)
        #expect(ledger.map(\.state) == states)
        let audit = try await fixture.ledger.auditRows(after: 0, limit: 500)
        #expect(audit.contains { $0.action == "label.uncertain" && $0.subject == printed[2].serial.text })
    }

    @Test func headOpenBeforeTheBatchSendsNothing() async throws {
        let fixture = try await PrintFixture()
        let emulator = try ZPLPrinterEmulator()
        defer { emulator.stop() }
        emulator.inject(.headOpen, afterPrinting: 0)
        try await Task.sleep(for: .milliseconds(100))
        let status = await zpl(emulator).status()
        #expect(!status.ready)
        #expect(status.reasons.contains("head-open"))
        let printed = try await fixture.gate.print(
            fixture.request(profile: .isbt, copies: 2), renderer: fixture.renderer(), printer: zpl(emulator),
            by: PrintFixture.operatorA)
        #expect(printed.map(\.state) == [.failed, .failed])
        #expect(emulator.formatsReceived == 0)
    }

    @Test func silentStatusMidBatchMakesUnconfirmedLabelsUncertain() async throws {
        let fixture = try await PrintFixture()
        let emulator = try ZPLPrinterEmulator(labelTime: 0.05)
        defer { emulator.stop() }
        emulator.inject(.silent, afterPrinting: 1)
        let printed = try await fixture.gate.print(
            fixture.request(profile: .isbt, copies: 4), renderer: fixture.renderer(), printer: zpl(emulator, window: 2),
            by: PrintFixture.operatorA)
        // A silent printer's counts are unknown: only labels it confirmed before going silent are printed; every
        // label it did print is printed or uncertain (never failed); the rest are uncertain or failed, never lost.
        let onPaper = Set(emulator.printed.map(\.comment))
        #expect(onPaper.count == 1)
        for label in printed {
            let comment = "LABELGATE SERIAL \(label.serial.text)"
            switch label.state {
            case .printed: #expect(onPaper.contains(comment))
            case .failed: #expect(!onPaper.contains(comment))
            case .uncertain: break
            default: Issue.record("unexpected state \(label.state)")
            }
        }
        #expect(printed.contains { $0.state == .uncertain })
        #expect(printed.last?.state == .failed)
        let ledger = try await fixture.ledger.labels(coi: fixture.record.coi)
        #expect(ledger.map(\.state) == printed.map(\.state))
    }

    @Test func unreachableOrGarbageAnsweringPrinterFailsWithoutSending() async throws {
        let fixture = try await PrintFixture()
        let emulator = try ZPLPrinterEmulator()
        let closedPort = emulator.port
        emulator.stop()
        let unreachable = ZPLPrinter(
            name: "gone", configuration: .init(host: "127.0.0.1", port: closedPort, statusTimeout: 0.5),
            logger: PrintFixture.logger)
        let first = try await fixture.gate.print(
            fixture.request(profile: .isbt), renderer: fixture.renderer(), printer: unreachable, by: PrintFixture.operatorA)
        #expect(first.map(\.state) == [.failed])

        let garbage = try ZPLPrinterEmulator()
        defer { garbage.stop() }
        garbage.inject(.garbage, afterPrinting: 0)
        try await Task.sleep(for: .milliseconds(100))
        let second = try await fixture.gate.print(
            fixture.request(profile: .isbt), renderer: fixture.renderer(), printer: zpl(garbage), by: PrintFixture.operatorA)
        #expect(second.map(\.state) == [.failed])
        #expect(garbage.formatsReceived == 0)
        let labels = try await fixture.ledger.labels(coi: fixture.record.coi)
        #expect(labels.map(\.state) == [.failed, .failed])
    }

    @Test func mismatchedFingerprintSendsNothingToTheZPLPrinter() async throws {
        let fixture = try await PrintFixture()
        let emulator = try ZPLPrinterEmulator()
        defer { emulator.stop() }
        var request = try fixture.request(profile: .isbt)
        var stale = fixture.record
        stale.patient.givenName = "Someoneelse"
        request.recordFingerprint = try RecordFingerprint.compute(for: stale)
        await #expect(throws: GateError(.hashMismatch, "")) {
            try await fixture.gate.print(request, renderer: fixture.renderer(), printer: zpl(emulator), by: PrintFixture.operatorA)
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(emulator.formatsReceived == 0)
        #expect(try await fixture.ledger.labels(coi: fixture.record.coi).isEmpty)
    }
}
