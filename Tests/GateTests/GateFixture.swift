import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Logging

/// A gate over a fresh SQLite ledger holding one sample record.
struct GateFixture {
    let gate: Gate
    let ledger: SQLiteLedger
    let record: COIRecord
    static let clerk = Actor(.operator, "clerk-1")
    static let dock = Station(id: "dock-1", role: .receivingDock)
    static let desk = Station(id: "cli", role: .verification)

    init() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        ledger = try SQLiteLedger(path: dir.appendingPathComponent("ledger.sqlite").path, logger: logger)
        gate = try Gate(store: ledger, logger: logger)
        record = try SampleRecords.record()
        try await ledger.addRecord(record, by: Self.clerk)
    }

    /// Issues a label and marks it printed (so a dock may accept it).
    func printedLabel(profile: LabelProfile, flags: DINFlags = .containerOfSet(1)) async throws -> IssuedPayload {
        let issued = try await gate.issueLabel(
            coi: record.coi, din: record.dins[0].with(flags: flags), profile: profile, by: Self.clerk)
        _ = try await ledger.transitionLabel(issued.label.serial, to: .printed, by: Self.clerk, reason: nil)
        return issued
    }

    func scan(_ issued: IssuedPayload) -> Scan {
        Scan(bytes: issued.payload.bytes, aimIdentifier: issued.payload.aimIdentifier)
    }
}
