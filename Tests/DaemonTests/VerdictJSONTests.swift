import Daemon
import Foundation
import Gate
import LabelgateCore
import Testing

/// The scan response is written without Codable; it must be the JSON the API's Codable encoder writes.
@Suite struct VerdictJSONTests {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static let outcomes: [ScanOutcome] = {
        let date = Date(timeIntervalSince1970: 1_795_638_063.731)
        var accepted = Verdict.refused(.hashMismatch, station: "dock-1", at: date)
        accepted.outcome = .accepted
        accepted.reason = nil
        accepted.coi = "&/A99992600000107"
        accepted.din = "A999926000001"
        accepted.serial = "LG-000000000001"
        accepted.auditSequence = 1_234_567
        var refused = Verdict.refused(
            .hashMismatch, station: "bed/side \"2\" é😀", detail: "hash version differs\tsee\nrecord\\x",
            at: Date(timeIntervalSince1970: 0))
        refused.auditSequence = 9
        var unaudited = Verdict.refused(.ledgerUnavailable, station: "print-1", at: date)
        unaudited.auditSequence = nil
        accepted.message = "Label matches its record."
        return [
            ScanOutcome(verdict: accepted, manifest: nil),
            ScanOutcome(verdict: accepted, manifest: .unexpected),
            ScanOutcome(verdict: refused, manifest: .expected),
            ScanOutcome(verdict: unaudited, manifest: nil),
        ] + RefusalReason.allCases.map { ScanOutcome(verdict: .refused($0, station: "s", at: date), manifest: nil) }
    }()

    @Test func isByteForByteWhatTheCodableEncoderWrites() throws {
        for outcome in Self.outcomes {
            let expected = String(decoding: try Self.encoder.encode(outcome), as: UTF8.self)
            #expect(String(decoding: outcome.json, as: UTF8.self) == expected)
        }
    }

    @Test func controlCharactersDecodeToTheSameVerdict() throws {
        let verdict = Verdict.refused(.hashMismatch, station: "s\u{1}\u{8}\u{C}\u{1F}", at: Date(timeIntervalSince1970: 5))
        let outcome = ScanOutcome(verdict: verdict, manifest: nil)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(ScanOutcome.self, from: Data(outcome.json)) == outcome)
    }
}
