import Foundation
import LabelgateCore
import Ledger
import LedgerConformance

/// Loads fictitious records into a ledger and builds genuine scans of their labels.
enum BenchLoader {
    static let chunk = 10_000

    /// Adds `records` records with one issued label each (serial = record index + 1); returns seconds taken.
    static func load(records: Int, into ledger: some LedgerStore) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let actor = Actor(.system, "bench")
        var index = 0
        while index < records {
            let range = index..<min(index + chunk, records)
            let batch = try range.map(SampleRecords.numbered)
            try await ledger.addRecords(batch, by: actor)
            _ = try await ledger.issueLabels(batch.map { LabelRequest(coi: $0.coi, din: $0.dins[0]) }, by: actor)
            index = range.upperBound
        }
        return (clock.now - start).seconds
    }

    /// Genuine ISBT and GS1 scans for `count` labels spread over the loaded records.
    static func scans(count: Int, records: Int) throws -> [(serial: Int64, scan: Scan)] {
        let encoder = try LabelPayloadEncoder()
        var generator = SystemRandomNumberGenerator()
        return try (0..<count).map { n in
            let index = Int.random(in: 0..<records, using: &generator)
            let record = try SampleRecords.numbered(index)
            guard let serial = LabelSerial(UInt64(index + 1)) else { throw CLIError("bad serial") }
            let claim = try LabelClaim.issue(for: record, label: LabelParticulars(din: record.dins[0], serial: serial))
            let payload = try encoder.encode(claim, profile: n.isMultiple(of: 2) ? .isbt : .gs1)
            return (Int64(index + 1), Scan(bytes: payload.bytes, aimIdentifier: payload.aimIdentifier))
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
