import Foundation
import Testing

@testable import Daemon

/// The direct reader of scan bodies must agree with `JSONDecoder` whenever it answers, and leave everything it is
/// not sure of to `JSONDecoder`.
@Suite struct ScanBodyParserTests {
    static func parse(_ text: some Sequence<UInt8>) -> ScanBody? {
        Array(text).withUnsafeBytes { ScanBodyParser.parse($0) }
    }

    static func decoded(_ bytes: [UInt8]) -> ScanBody? {
        try? JSONDecoder().decode(ScanBody.self, from: Data(bytes))
    }

    @Test func readsTheBodiesClientsSend() throws {
        let bodies: [String: ScanBody] = [
            #"{"base64":"PUEwMDA=","aim":"]C0"}"#: ScanBody(base64: "PUEwMDA=", aim: "]C0"),
            #" { "text" : "=A9999 26 000001" , "device" : "dock-1" } "#: ScanBody(text: "=A9999 26 000001", device: "dock-1"),
            #"{"text":"Ünïcödé","aim":null,"extra":"ignored"}"#: ScanBody(text: "Ünïcödé"),
            "{}": ScanBody(),
        ]
        for (text, expected) in bodies {
            #expect(Self.parse(text.utf8) == expected, "\(text)")
            #expect(Self.decoded(Array(text.utf8)) == expected, "\(text)")
        }
    }

    @Test func leavesAnythingItIsNotSureOfToJSONDecoder() {
        for text in [
            #"{"text":"a\u001db"}"#, #"{"text":"line\nbreak"}"#, #"{"text":1}"#, #"{"text":["a"]}"#,
            #"{"text":"a","text":"b"}"#, #"{"text":"a",}"#, #"{"text":"a"} x"#, #"["text"]"#, #"{"text":"a""#,
            "", "{", "null", #"{"text":nul}"#, "{\"text\":\"tab\there\"}",
        ] {
            #expect(Self.parse(text.utf8) == nil, "\(text)")
        }
        #expect(Self.parse([0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]) == nil)  // invalid UTF-8
    }

    /// Random bodies encoded by JSONEncoder with random spacing, then randomly damaged: every answer the direct reader
    /// gives is JSONDecoder's answer.
    @Test func agreesWithJSONDecoderOnRandomAndDamagedBodies() throws {
        var random = SystemRandomNumberGenerator()
        let pieces = ["", "A", "=A99992600000100", "]C0", "é", "😀", "/", " ", "\"", "\\", "\n", "\u{1}"]
        func field() -> String? {
            Bool.random(using: &random) ? nil : (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        var answered = 0
        for _ in 0..<2_000 {
            let body = ScanBody(text: field(), base64: field(), aim: field(), device: field())
            var bytes = Array(try JSONEncoder().encode(body))
            if Bool.random(using: &random) {
                bytes = bytes.flatMap { [0x2C, 0x3A, 0x7B].contains($0) ? [0x20, $0, 0x0A] : [$0] }
            }
            if Int.random(in: 0..<3, using: &random) == 0, !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if let fast = Self.parse(bytes) {
                answered += 1
                #expect(fast == Self.decoded(bytes))
            }
        }
        #expect(answered > 200)
    }
}
