import Foundation
import Gate
import LabelgateCore
import Ledger
import Logging
import Testing

@Suite("Two-operator verification")
struct TwoOperatorVerificationTests {
    static let alice = OperatorCredential(badge: "B1", name: "Alice Example", pinHash: OperatorCredential.hashPIN("1111"))
    static let bob = OperatorCredential(badge: "B2", name: "Bob Example", pinHash: OperatorCredential.hashPIN("2222"))
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func verifier(_ fixture: GateFixture) -> TwoOperatorVerification {
        TwoOperatorVerification(
            store: fixture.ledger, directory: OperatorDirectory([Self.alice, Self.bob]), logger: Self.logger)
    }

    @Test func refusesAStepSignedByOneOperator() async throws {
        let fixture = try await GateFixture()
        let error = await #expect(throws: WorkflowError.self) {
            try await verifier(fixture).complete(
                .reprint, subject: "0000000001", signatures: [SignatureInput(badge: "B1", pin: "1111")], station: "p")
        }
        #expect(error?.code == .signaturesMissing)
    }

    @Test func refusesTheSameOperatorSigningTwice() async throws {
        let fixture = try await GateFixture()
        let signature = SignatureInput(badge: "B1", pin: "1111")
        let error = await #expect(throws: WorkflowError.self) {
            try await verifier(fixture).complete(
                .reprint, subject: "0000000001", signatures: [signature, signature], station: "p")
        }
        #expect(error?.code == .sameOperator)
        let rows = try await fixture.ledger.auditRows(after: 0, limit: 100)
        #expect(rows.contains { $0.action == "step.refused" && $0.reason == "workflow.sameOperator" })
        #expect(!rows.contains { $0.action.hasPrefix("signature.") })
    }

    @Test func refusesAWrongPINWithoutSayingWhichPartWasWrong() async throws {
        let fixture = try await GateFixture()
        let error = await #expect(throws: WorkflowError.self) {
            try await verifier(fixture).complete(
                .reprint, subject: "1",
                signatures: [SignatureInput(badge: "B1", pin: "1111"), SignatureInput(badge: "B2", pin: "9999")],
                station: "p")
        }
        #expect(error?.code == .badCredentials)
    }

    @Test func recordsNameTimeAndMeaningOfBothSignatures() async throws {
        let fixture = try await GateFixture()
        let step = try await verifier(fixture).complete(
            .reprint, subject: "0000000007",
            signatures: [SignatureInput(badge: "B1", pin: "1111"), SignatureInput(badge: "B2", pin: "2222")],
            station: "print-1")
        #expect(step.signatures.map(\.name) == ["Alice Example", "Bob Example"])
        #expect(step.signatures.map(\.meaning) == [.performedBy, .verifiedBy])
        let rows = try await fixture.ledger.auditRows(after: 0, limit: 100)
        let signatures = rows.filter { $0.action.hasPrefix("signature.") }
        #expect(signatures.map(\.actor) == ["operator:B1", "operator:B2"])
        for row in signatures {
            let details = try JSONDecoder().decode([String: String].self, from: Data(row.details.utf8))
            #expect(details["printedName"] != nil && details["signedAt"] != nil && details["meaning"] != nil)
        }
        #expect(rows.last?.action == "step.completed")
        #expect(try await fixture.ledger.verifyAuditChain().firstBreak == nil)
    }

    @Test func enforcesStepOrderPerBag() async throws {
        let fixture = try await GateFixture()
        let verification = verifier(fixture)
        let two = [SignatureInput(badge: "B1", pin: "1111"), SignatureInput(badge: "B2", pin: "2222")]
        let early = await #expect(throws: WorkflowError.self) {
            try await verification.complete(.bedsideMatch, subject: "A999926000001", signatures: two, station: "b")
        }
        #expect(early?.code == .outOfOrder)
        let receiptFirst = await #expect(throws: WorkflowError.self) {
            try await verification.complete(.receipt, subject: "A999926000001", signatures: two, station: "d")
        }
        #expect(receiptFirst?.code == .outOfOrder)
        _ = try await verification.complete(.collectionLabeling, subject: "A999926000001", signatures: two, station: "c")
        _ = try await verification.complete(.receipt, subject: "A999926000001", signatures: two, station: "d")
        let again = await #expect(throws: WorkflowError.self) {
            try await verification.complete(.receipt, subject: "A999926000001", signatures: two, station: "d")
        }
        #expect(again?.code == .alreadyDone)
        // The order survives a restart: it is rebuilt from the audit trail.
        let restarted = verifier(fixture)
        try await restarted.restore()
        #expect(await restarted.isComplete(.receipt, subject: "A999926000001"))
        #expect(await !restarted.isComplete(.receipt, subject: "A999926000002"))
    }

    @Test func doesNotCompleteAStepWhoseActionFailed() async throws {
        struct Boom: Error {}
        let fixture = try await GateFixture()
        let verification = verifier(fixture)
        let two = [SignatureInput(badge: "B1", pin: "1111"), SignatureInput(badge: "B2", pin: "2222")]
        await #expect(throws: Boom.self) {
            _ = try await verification.complete(.collectionLabeling, subject: "X", signatures: two, station: "c") {
                throw Boom()
            }
        }
        #expect(await !verification.isComplete(.collectionLabeling, subject: "X"))
    }
}

@Suite("Bedside match and receiving manifest")
struct BedsideAndManifestTests {
    static let bedside = Station(id: "bed-1", role: .bedside)
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test func acceptsWristbandAndBagOfTheSameRecord() async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: .isbt)
        let result = try await fixture.gate.bedsideMatch(
            wristband: Scan(text: "=" + fixture.record.coi.dataStructure), bag: fixture.scan(issued), at: Self.bedside)
        #expect(result.matched && result.verdict.isAccepted)
    }

    @Test func refusesWristbandOfAnotherRecord() async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: .isbt)
        let other = try ChainOfIdentityID(content: "CHA999926ZZ99ZZ")
        let error = await #expect(throws: WorkflowError.self) {
            try await fixture.gate.bedsideMatch(
                wristband: Scan(text: other.content), bag: fixture.scan(issued), at: Self.bedside)
        }
        #expect(error?.code == .bedsideMismatch)
        let rows = try await fixture.ledger.auditRows(after: 0, limit: 100)
        #expect(rows.contains { $0.action == "bedside.mismatch" })
    }

    @Test func refusesATamperedBagEvenWithTheRightWristband() async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: .isbt)
        var bytes = issued.payload.bytes
        bytes[bytes.count - 1] = bytes[bytes.count - 1] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let error = await #expect(throws: WorkflowError.self) {
            try await fixture.gate.bedsideMatch(
                wristband: Scan(text: fixture.record.coi.content),
                bag: Scan(bytes: bytes, aimIdentifier: issued.payload.aimIdentifier), at: Self.bedside)
        }
        #expect(error?.code == .labelRefused)
    }

    @Test func flagsUnexpectedBagsAndShipmentsClosedWithBagsMissing() async throws {
        let fixture = try await GateFixture()
        let manifests = ReceivingManifests(store: fixture.ledger, logger: Self.logger)
        let issued = try await fixture.printedLabel(profile: .isbt)
        _ = try await manifests.open(
            shipment: "SHIP-1", station: "dock-1", expectedDINs: ["A999926000002"], by: GateFixture.clerk)
        let verdict = await fixture.gate.accept(fixture.scan(issued), at: GateFixture.dock)
        #expect(verdict.isAccepted)
        #expect(await manifests.note(verdict, by: GateFixture.clerk) == .unexpected)
        let status = try await manifests.close(at: "dock-1", by: GateFixture.clerk)
        #expect(status.missing == ["A999926000002"] && status.unexpected == ["A999926000001"])
        let actions = try await fixture.ledger.auditRows(after: 0, limit: 100).map(\.action)
        #expect(actions.contains("manifest.unexpectedBag") && actions.contains("manifest.closedIncomplete"))
    }

    @Test func closesACompleteShipmentWithoutFlag() async throws {
        let fixture = try await GateFixture()
        let manifests = ReceivingManifests(store: fixture.ledger, logger: Self.logger)
        let issued = try await fixture.printedLabel(profile: .isbt)
        _ = try await manifests.open(
            shipment: "SHIP-2", station: "dock-1", expectedDINs: ["A999926000001"], by: GateFixture.clerk)
        let verdict = await fixture.gate.accept(fixture.scan(issued), at: GateFixture.dock)
        #expect(await manifests.note(verdict, by: GateFixture.clerk) == .expected)
        #expect(await manifests.note(verdict, by: GateFixture.clerk) == .duplicate)
        let status = try await manifests.close(at: "dock-1", by: GateFixture.clerk)
        #expect(status.missing.isEmpty && status.unexpected.isEmpty)
        let actions = try await fixture.ledger.auditRows(after: 0, limit: 100).map(\.action)
        #expect(actions.contains("manifest.closed") && !actions.contains("manifest.closedIncomplete"))
    }
}
