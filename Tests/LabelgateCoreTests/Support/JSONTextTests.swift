import Foundation
import LabelgateCore
import Testing

@Suite struct JSONTextTests {
    /// Every ASCII character, some non-ASCII and an emoji: the written text parses (Foundation's parser) back to
    /// the same strings, keys in the order written.
    @Test func stringsRoundTripThroughFoundationsParser() throws {
        let ascii = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        let values = [ascii, "Ünïcödé / ∆ 😀", "", "\"quoted\" \\ back", "line\nbreak\r\ttab\u{8}\u{C}\u{1F}"]
        var text = JSONText()
        text.beginObject()
        for (index, value) in values.enumerated() { text.member("k\(index)", value) }
        text.member("number", Int64(-42))
        text.member("absent", nil as String?)
        text.key("nested")
        text.beginObject()
        text.member("a", "b")
        text.endObject()
        text.endObject()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.bytes)) as? [String: Any])
        for (index, value) in values.enumerated() { #expect(parsed["k\(index)"] as? String == value) }
        #expect(parsed["number"] as? Int == -42)
        #expect(parsed["absent"] == nil)
        #expect((parsed["nested"] as? [String: String]) == ["a": "b"])
        #expect(parsed.count == values.count + 2)
        #expect(text.string.hasPrefix(#"{"k0":"\u0000\u0001"#))
    }

    @Test func controlCharactersUseTheShortEscapesOrFourHexDigits() {
        var bytes: [UInt8] = []
        JSONText.appendString("a\"b\\c\nd\re\tf\u{1}g/h", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"b\\c\nd\re\tf\u0001g/h""#)
    }

    /// `JSONEncoder`'s `.iso8601` strategy truncates to the second (`ISO8601DateFormatter` alone rounds).
    @Test func timestampsAgreeWithTheCodableEncodersISO8601Dates() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        for step in stride(from: -2_000_000_000.0, to: 4_000_000_000.0, by: 7_777_777.3) {
            let date = Date(timeIntervalSince1970: step)
            let encoded = String(decoding: try encoder.encode([date]), as: UTF8.self)
            #expect(encoded == "[\"\(UTCTimestamp.seconds(date))\"]")
        }
        #expect(UTCTimestamp.seconds(Date(timeIntervalSince1970: 1_795_638_063.999)) == "2026-11-25T20:21:03Z")
        #expect(UTCTimestamp.milliseconds(Date(timeIntervalSince1970: 1_795_638_063.999)) == "2026-11-25T20:21:03.999Z")
    }
}
