import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Logging
import Tags

/// The test tag maker's key and the signatures it made (fixtures/nfc/originality.json, by OpenSSL).
enum TestMaker {
    struct Fixture: Decodable {
        struct Entry: Decodable {
            let uid: String
            let signature: String
        }
        let testMakerPublicKey: String
        let signatures: [Entry]
    }

    static let fixture: Fixture = {
        let url = PN532Emulator.repositoryRoot.appendingPathComponent("fixtures/nfc/originality.json")
        // The fixture is part of the repository; a missing one fails every test that uses it.
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static var key: OriginalityTrust.Key {
        OriginalityTrust.Key(
            name: "test maker", publicKey: TestHex.bytes(fixture.testMakerPublicKey),
            products: [.ntag213, .ntag215, .ntag216, .ultralightEV1])
    }

    static func signature(for uid: String) -> String {
        fixture.signatures.first { $0.uid == uid }!.signature
    }

    static var uids: [String] { fixture.signatures.map(\.uid) }
}

/// A gate (trusting NXP and the test maker) over a fresh SQLite ledger with one record, a PN532 emulator and an
/// NFC session on it through the real libnfc.
final class TagFixture: @unchecked Sendable {
    // Confinement: one per test.
    let gate: Gate
    let ledger: SQLiteLedger
    let record: COIRecord
    let emulator: PN532Emulator
    let session: NFCSession
    static let clerk = Actor(.operator, "clerk-1")
    static let printStation = Station(id: "print-1", role: .printStation)
    static let dock = Station(id: "dock-1", role: .receivingDock)

    static let environment: Void = {
        setenv("LIBNFC_AUTO_SCAN", "false", 1)
        setenv("LIBNFC_INTRUSIVE_SCAN", "false", 1)
        setenv("LIBNFC_LOG_LEVEL", "0", 0)
    }()

    init() async throws {
        _ = Self.environment
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-tags-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        ledger = try SQLiteLedger(path: dir.appendingPathComponent("ledger.sqlite").path, logger: logger)
        gate = try Gate(store: ledger, logger: logger, tagTrust: OriginalityTrust.nxp.adding(TestMaker.key))
        record = try SampleRecords.record()
        try await ledger.addRecord(record, by: Self.clerk)
        emulator = try PN532Emulator(timeLimitSeconds: 90)
        session = NFCSession(
            configuration: NFCConfiguration(connstring: emulator.connstring, commandTimeoutMilliseconds: 200),
            logger: logger)
    }

    deinit {
        session.close()
        emulator.stop()
    }

    /// Places a genuine (test-maker-signed) blank tag.
    func placeGenuine(_ uid: String, type: String = "ntag213", pages: [UInt8]? = nil) throws {
        try emulator.place(uid: uid, type: type, signature: TestMaker.signature(for: uid), pages: pages)
    }

    /// Issues a label for the record (state `issued`).
    func issue() async throws -> IssuedPayload {
        try await gate.issueLabel(coi: record.coi, din: record.dins[0].with(flags: .containerOfSet(1)), profile: .isbt, by: Self.clerk)
    }

    /// Marks a label printed, so that a dock admits it.
    func markPrinted(_ issued: IssuedPayload) async throws {
        _ = try await ledger.transitionLabel(issued.label.serial, to: .printed, by: Self.clerk, reason: nil)
    }

    /// Issues a label and encodes it onto the tag in the field through the gate; returns the issued label.
    func encodedLabel() async throws -> IssuedPayload {
        let issued = try await issue()
        _ = try await gate.encodeTag(issued.payload, at: Self.printStation, encoder: TagEncoder(session: session), by: Self.clerk)
        try await markPrinted(issued)
        return issued
    }

    /// The data area (from page 4) of the tag in the field, straight from the emulator's memory.
    func dataArea() throws -> [UInt8] {
        Array(try emulator.dump()[16...])
    }

    /// Audit rows with `action`.
    func auditRows(action: String) async throws -> [AuditRow] {
        try await ledger.auditRows(after: 0, limit: 10_000).filter { $0.action == action }
    }

    var dockStation: TagStation { TagStation(session: session, gate: gate, station: Self.dock) }
}
