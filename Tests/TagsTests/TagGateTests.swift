import Foundation
import Gate
import LabelgateCore
import Ledger
import Tags
import Testing

/// The accept and encode paths through the real libnfc 1.8 against the PN532 emulator on a pty.
@Suite(.timeLimit(.minutes(1)))
struct TagGateTests {
    static let uidA = "04a1b2c3d4e5f6"
    static let uidB = "04112233445566"

    @Test func readsTagThroughLibnfc() async throws {
        let fixture = try await TagFixture()
        let message = NDEFMessage(records: [NDEFWellKnown.uri("https://labelgate.org/verify")]).encoded()
        try fixture.placeGenuine(Self.uidA, pages: try Type2TLV.area(for: message, capacity: 144))
        let reading = try await fixture.session.readTag(timeout: .seconds(2))
        #expect(reading.uid == TestHex.bytes(Self.uidA))
        #expect(reading.product == .ntag213)
        #expect(reading.signature == TestHex.bytes(TestMaker.signature(for: Self.uidA)))
        let decoded = try NDEFMessage.decode(try Type2TLV.ndefMessage(in: reading.dataArea))
        #expect(try NDEFWellKnown.uri(from: decoded.records[0]) == "https://labelgate.org/verify")
    }

    @Test(arguments: ["ntag213", "ntag215", "ntag216", "ultralight"])
    func identifiesNTAGProductsByGetVersion(_ type: String) async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA, type: type)
        let reading = try await fixture.session.identifyTag(timeout: .seconds(2))
        #expect(reading.product.rawValue == type)
    }

    @Test func writesClaimVerifiesItAndProtectsTheDataArea() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        let issued = try await fixture.issue()
        let verdict = try await fixture.gate.encodeTag(
            issued.payload, at: TagFixture.printStation, encoder: TagEncoder(session: fixture.session), by: TagFixture.clerk)
        #expect(verdict.isAccepted)
        #expect(verdict.serial == issued.label.serial.text)
        let memory = try fixture.emulator.dump()
        // CFG0 of an NTAG213 is page 0x29: AUTH0 = 4 protects the whole data area.
        #expect(memory[0x29 * 4 + 3] == 4)
        let message = try NDEFMessage.decode(try Type2TLV.ndefMessage(in: Array(memory[16...])))
        #expect(message.records.count == 1)
        #expect(message.records[0].type == Array("labelgate.org:claim".utf8))
        #expect(try await fixture.auditRows(action: "tag.encoded").count == 1)
    }

    @Test func rewritesProtectedTagOnlyWithItsPassword() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        _ = try await fixture.encodedLabel()
        // A second label of the same record: the gate derives the same password, so PWD_AUTH unlocks the tag.
        let second = try await fixture.encodedLabel()
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(verdict.serial == second.label.serial.text)
        // The same tag protected with another password is not written.
        var memory = try fixture.emulator.dump()
        memory[0x2B * 4] ^= 0xFF
        try fixture.placeGenuine(Self.uidA, pages: Array(memory[16...]))
        let third = try await fixture.issue()
        await #expect(throws: GateError(.tag, "")) {
            try await fixture.gate.encodeTag(
                third.payload, at: TagFixture.printStation, encoder: TagEncoder(session: fixture.session),
                by: TagFixture.clerk)
        }
        #expect(try await fixture.auditRows(action: "tag.failed").last?.reason == "tags.authenticationFailed")
    }

    @Test func acceptsUIDBoundClaimAtDock() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        let issued = try await fixture.encodedLabel()
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(verdict.isAccepted)
        #expect(verdict.serial == issued.label.serial.text)
        #expect(verdict.auditSequence != nil)
    }

    @Test func refusesTagWhoseClaimWasCopiedToAnotherUID() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        _ = try await fixture.encodedLabel()
        let copied = try fixture.dataArea()
        try fixture.placeGenuine(Self.uidB, pages: Array(copied.prefix(144)))
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(verdict.reason == .tagNotBound)
        let rows = try await fixture.auditRows(action: "verdict.refused")
        #expect(rows.last?.reason == RefusalReason.tagNotBound.rawValue)
    }

    @Test func refusesTamperedClaim() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        _ = try await fixture.encodedLabel()
        let original = Array(try fixture.dataArea().prefix(144))
        let length = Int(original[1])
        // Change one byte of the label payload, then one byte of the binding MAC: both are refused.
        for offset in [2 + 3 + 19 + 6 + 10, 2 + length - 1] {
            var tampered = original
            tampered[offset] ^= 0x01
            try fixture.placeGenuine(Self.uidA, pages: tampered)
            let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
            #expect(!verdict.isAccepted, "byte \(offset)")
            #expect(verdict.auditSequence != nil)
        }
    }

    @Test func refusesClonedUIDWithBadSignature() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        _ = try await fixture.encodedLabel()
        let copied = Array(try fixture.dataArea().prefix(144))
        // Same UID and bytes, but the clone cannot produce the maker's signature for it.
        try fixture.emulator.place(uid: Self.uidA, signature: TestMaker.signature(for: Self.uidB), pages: copied)
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(verdict.reason == .tagNotGenuine)
    }

    @Test func refusesToEncodeTagThatIsNotGenuine() async throws {
        let fixture = try await TagFixture()
        try fixture.emulator.place(uid: Self.uidA, signature: nil)
        let issued = try await fixture.issue()
        await #expect(throws: GateError(.tagNotGenuine, "")) {
            try await fixture.gate.encodeTag(
                issued.payload, at: TagFixture.printStation, encoder: TagEncoder(session: fixture.session),
                by: TagFixture.clerk)
        }
        #expect(try await fixture.auditRows(action: "tag.refused").count == 1)
    }

    @Test func detectsRemovalMidWriteAndNeverAcceptsTheHalfWrittenTag() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        let issued = try await fixture.issue()
        try fixture.emulator.control(["cmd": "remove_after_writes", "n": 4])
        await #expect(throws: GateError(.tag, "")) {
            try await fixture.gate.encodeTag(
                issued.payload, at: TagFixture.printStation, encoder: TagEncoder(session: fixture.session),
                by: TagFixture.clerk)
        }
        #expect(try await fixture.auditRows(action: "tag.failed").last?.reason == "tags.removed")
        try await fixture.markPrinted(issued)
        try fixture.emulator.control(["cmd": "return"])
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(!verdict.isAccepted)
        #expect(verdict.auditSequence != nil)
    }

    @Test func reportsRemovalMidReadAsTypedErrorAndAuditsIt() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        _ = try await fixture.encodedLabel()
        try fixture.emulator.control(["cmd": "remove_after_reads", "n": 0])
        let result = await fixture.dockStation.acceptNext(timeout: .seconds(2))
        #expect(throws: TagError(.removed, "")) { try result.get() }
        #expect(try await fixture.auditRows(action: "tag.fault").last?.reason == "tags.removed")
    }

    @Test func refusesBrokenTLVsAndAuditsThem() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA, pages: [0x42, 0x05, 0x00, 0x00, 0xFE])
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(verdict.reason == .unreadable)
        #expect(verdict.detail == "ndef.brokenTLV")
        #expect(verdict.auditSequence != nil)
    }

    @Test func refusesNDEFLengthPastEndOfMemory() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA, pages: [0x03, 0xFF, 0x02, 0x00, 0xD1])
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(verdict.detail == "ndef.brokenTLV")
        #expect(verdict.auditSequence != nil)
    }

    @Test func reportsVanishedReaderAndReconnectsWhenItReturns() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        _ = try await fixture.encodedLabel()
        try fixture.emulator.control(["cmd": "unplug"])
        let lost = await fixture.dockStation.acceptNext(timeout: .milliseconds(500))
        #expect(throws: TagError(.readerUnavailable, "")) { try lost.get() }
        #expect(try await fixture.auditRows(action: "tag.fault").last?.reason == "tags.readerUnavailable")
        try fixture.emulator.control(["cmd": "replug"])
        let verdict = try await fixture.dockStation.acceptNext(timeout: .seconds(2)).get()
        #expect(verdict.isAccepted)
    }

    @Test func refusesTagSourcedScanThatCarriesNoBinding() async throws {
        let fixture = try await TagFixture()
        let issued = try await fixture.issue()
        try await fixture.markPrinted(issued)
        let scan = Scan(
            bytes: issued.payload.bytes, aimIdentifier: issued.payload.aimIdentifier,
            source: .nfcTag(uid: TestHex.bytes(Self.uidA)))
        let verdict = await fixture.gate.accept(scan, at: TagFixture.dock)
        #expect(verdict.reason == .tagNotBound)
        // The same payload scanned from the printed label is accepted: only the tag path needs the binding.
        let label = Scan(bytes: issued.payload.bytes, aimIdentifier: issued.payload.aimIdentifier)
        #expect(await fixture.gate.accept(label, at: TagFixture.dock).isAccepted)
    }

    @Test func presenceCheckSeesTheTagLeave() async throws {
        let fixture = try await TagFixture()
        try fixture.placeGenuine(Self.uidA)
        #expect(try await fixture.session.waitForRemoval(timeout: .milliseconds(300)) == false)
        let waiting = Task { try await fixture.session.waitForRemoval(timeout: .seconds(5)) }
        try await Task.sleep(for: .milliseconds(200))
        try fixture.emulator.control(["cmd": "remove"])
        #expect(try await waiting.value == true)
    }

    @Test func cancellingAWaitAbortsIt() async throws {
        let fixture = try await TagFixture()
        // Open the reader first (its opening handshake is slow on a loaded machine), then wait 30 s and cancel.
        await #expect(throws: TagError(.noTag, "")) { try await fixture.session.readTag(timeout: .milliseconds(1)) }
        let started = ContinuousClock.now
        let wait = Task { try await fixture.session.readTag(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(200))
        wait.cancel()
        await #expect(throws: TagError(.aborted, "")) { try await wait.value }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
