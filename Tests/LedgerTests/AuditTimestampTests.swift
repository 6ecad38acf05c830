import Foundation
import Testing

@testable import Ledger

@Suite struct AuditTimestampTests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(AuditTimestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(AuditTimestamp.string(from: Date(timeIntervalSince1970: 1_795_638_063.123_9)) == "2026-11-25T20:21:03.123Z")
        #expect(AuditTimestamp.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    }

    @Test func agreesWithFoundationOverManyInstants() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for step in stride(from: -2_000_000_000.0, to: 4_000_000_000.0, by: 7_777_777.0) {
            let date = Date(timeIntervalSince1970: step)
            #expect(AuditTimestamp.string(from: date).prefix(19) == formatter.string(from: date).prefix(19))
        }
    }
}
