import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Logging

/// A gate over a fresh SQLite ledger with one sample record, and printed labels on demand.
struct LedgerFixture {
    let gate: Gate
    let ledger: SQLiteLedger
    let record: COIRecord
    let path: String
    static let clerk = Actor(.operator, "clerk-1")
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    init() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-dock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("ledger.sqlite").path
        ledger = try SQLiteLedger(path: path, logger: Self.quiet)
        gate = try Gate(store: ledger, logger: Self.quiet)
        record = try SampleRecords.record()
        try await ledger.addRecord(record, by: Self.clerk)
    }

    /// Issues a label through the gate and marks it printed, so a dock may accept it.
    func printedPayload(_ profile: LabelProfile) async throws -> EncodedPayload {
        let issued = try await gate.issueLabel(
            coi: record.coi, din: record.dins[0].with(flags: .containerOfSet(1)), profile: profile, by: Self.clerk)
        _ = try await ledger.transitionLabel(issued.label.serial, to: .printed, by: Self.clerk, reason: nil)
        return issued.payload
    }
}

extension EncodedPayload {
    /// The payload with the character at `index` replaced by another one of the same class.
    func forged(at index: Int) -> [UInt8] {
        var bytes = self.bytes
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "8"), UInt8(ascii: "A")...UInt8(ascii: "Y"): bytes[index] = byte + 1
        case UInt8(ascii: "9"): bytes[index] = UInt8(ascii: "0")
        default: bytes[index] = UInt8(ascii: "A")
        }
        return bytes
    }
}
