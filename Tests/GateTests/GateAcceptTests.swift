import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Testing

@Suite struct GateAcceptTests {
    @Test(arguments: LabelProfile.allCases)
    func acceptsAGenuinePrintedLabelAtTheDock(profile: LabelProfile) async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: profile)
        let verdict = await fixture.gate.accept(fixture.scan(issued), at: GateFixture.dock)
        #expect(verdict.isAccepted, "\(verdict)")
        #expect(verdict.serial == issued.label.serial.text)
        #expect(verdict.auditSequence != nil)
    }

    @Test(arguments: LabelProfile.allCases)
    func refusesLabelAfterThePatientDataChanged(profile: LabelProfile) async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: profile)
        var amended = fixture.record
        amended.patient.givenName = "Alexa"
        _ = try await fixture.ledger.amendRecord(amended, by: GateFixture.clerk, reason: "given name corrected")
        let verdict = await fixture.gate.accept(fixture.scan(issued), at: GateFixture.dock)
        #expect(verdict.reason == .hashMismatch)
    }

    @Test func refusesALabelCarryingAnotherRecordsHash() async throws {
        let fixture = try await GateFixture()
        let other = try SampleRecords.record(coi: "CHA999926ZZ0001", dins: ["A999926000077"], familyName: "Otherperson")
        try await fixture.ledger.addRecord(other, by: GateFixture.clerk)
        let mine = try await fixture.printedLabel(profile: .isbt)
        let theirs = try await fixture.gate.issueLabel(coi: other.coi, din: other.dins[0], profile: .isbt, by: GateFixture.clerk)
        // A forger copies the other record's hash into my label.
        var forged = mine.claim
        forged.hash = theirs.claim.hash
        let bytes = try LabelPayloadEncoder().encode(forged, profile: .isbt).bytes
        let verdict = await fixture.gate.accept(Scan(bytes: bytes, aimIdentifier: "]d1"), at: GateFixture.dock)
        #expect(verdict.reason == .hashMismatch)
        // And a label naming my serial with the other record's identifiers.
        var swapped = theirs.claim
        swapped.serial = mine.label.serial
        let swappedBytes = try LabelPayloadEncoder().encode(swapped, profile: .isbt).bytes
        let second = await fixture.gate.accept(Scan(bytes: swappedBytes, aimIdentifier: "]d1"), at: GateFixture.dock)
        #expect(!second.isAccepted)
    }

    @Test func refusesVoidedDestroyedAndUnprintedLabelsAtTheDock() async throws {
        let fixture = try await GateFixture()
        let unprinted = try await fixture.gate.issueLabel(
            coi: fixture.record.coi, din: fixture.record.dins[0], profile: .isbt, by: GateFixture.clerk)
        #expect(await fixture.gate.accept(fixture.scan(unprinted), at: GateFixture.dock).reason == .notPrinted)
        #expect(await fixture.gate.accept(fixture.scan(unprinted), at: GateFixture.desk).isAccepted)

        let voided = try await fixture.printedLabel(profile: .gs1)
        _ = try await fixture.ledger.transitionLabel(voided.label.serial, to: .voided, by: GateFixture.clerk, reason: "torn")
        #expect(await fixture.gate.accept(fixture.scan(voided), at: GateFixture.dock).reason == .voidedSerial)
        #expect(await fixture.gate.accept(fixture.scan(voided), at: GateFixture.desk).reason == .voidedSerial)

        let destroyed = try await fixture.printedLabel(profile: .gs1)
        _ = try await fixture.ledger.transitionLabel(destroyed.label.serial, to: .destroyed, by: GateFixture.clerk, reason: "shredded")
        #expect(await fixture.gate.accept(fixture.scan(destroyed), at: GateFixture.dock).reason == .destroyedSerial)
    }

    @Test func refusesUnknownSerialAndUnreadableScans() async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: .isbt)
        var claim = issued.claim
        claim.serial = LabelSerial(9_999_999_999)!
        let bytes = try LabelPayloadEncoder().encode(claim, profile: .isbt).bytes
        #expect(await fixture.gate.accept(Scan(bytes: bytes), at: GateFixture.dock).reason == .unknownSerial)
        #expect(await fixture.gate.accept(Scan(text: "=A99992600000100", aimIdentifier: "]C0"), at: GateFixture.dock).reason == .insufficientData)
        #expect(await fixture.gate.accept(Scan(bytes: [0xFF, 0xFE]), at: GateFixture.dock).reason == .unreadable)
    }

    @Test func everyVerdictIsAuditedWithoutPatientData() async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: .gs1)
        _ = await fixture.gate.accept(fixture.scan(issued), at: GateFixture.dock)
        _ = await fixture.gate.accept(Scan(text: "Testperson Alex 1970-01-31"), at: GateFixture.dock)
        let rows = try await fixture.ledger.auditRows(after: 0, limit: 100)
        let verdicts = rows.filter { $0.action.hasPrefix("verdict.") }
        #expect(verdicts.map(\.action) == ["verdict.accepted", "verdict.refused"])
        #expect(verdicts[1].reason == RefusalReason.unreadable.rawValue)
        for row in rows {
            let text = [row.details, row.subject ?? "", row.reason ?? ""].joined()
            #expect(!text.contains("Testperson") && !text.contains("1970-01-31"))
        }
        #expect(try await fixture.ledger.verifyAuditChain().isIntact)
    }

    @Test func aRefusalCannotBeTurnedIntoAnAcceptanceByTheStation() async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: .isbt)
        var claim = issued.claim
        claim.hash = try IdentityHash(bytes: [UInt8](repeating: 0, count: 20))
        let bytes = try LabelPayloadEncoder().encode(claim, profile: .isbt).bytes
        for role in Station.Role.allCases {
            let verdict = await fixture.gate.accept(Scan(bytes: bytes), at: Station(id: "s", role: role))
            #expect(verdict.reason == .hashMismatch)
        }
    }
}
