import Foundation
import Ledger
import Testing

/// The details text is stored and hashed into the audit chain, so its form must never drift: sorted keys, compact,
/// the same escapes as the rows already written.
@Suite struct AuditDetailsTextTests {
    /// The form the ledger has always written, scalar by scalar (kept here as the reference).
    static func reference(_ details: [String: String]) -> String {
        func quoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        return "{" + details.keys.sorted().map { quoted($0) + ":" + quoted(details[$0] ?? "") }.joined(separator: ",") + "}"
    }

    @Test func matchesTheStoredFormForManyDetailSets() {
        let alphabet: [Character] = ["a", "Z", "0", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", " ", "/", "é", "∆", "😀", "{", ":"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var details: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                let key = String((0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
                details[key] = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            }
            let entry = AuditEntry(actor: Actor(.station, "dock-1"), action: "verdict.accepted", details: details)
            #expect(entry.detailsJSON == Self.reference(details))
        }
    }

    @Test func aVerdictsDetailsReadAsBefore() {
        let entry = AuditEntry(
            actor: Actor(.station, "dock-1"), action: "verdict.accepted",
            details: ["station": "dock-1", "role": "receivingDock", "scanLength": "58", "din": "A999926000001"])
        #expect(entry.detailsJSON == #"{"din":"A999926000001","role":"receivingDock","scanLength":"58","station":"dock-1"}"#)
    }
}

@Suite struct HexTests {
    @Test func encodesLowerCaseHexLikeFoundationFormatting() {
        let bytes: [UInt8] = [0x00, 0x0F, 0x10, 0xA5, 0xFF, 0x7E]
        #expect(Hex.encode(bytes) == "000f10a5ff7e")
        #expect(Hex.encode(bytes[2...]) == "10a5ff7e")
        #expect(Hex.encode([]) == "")
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.encode(all) == all.map { String(format: "%02x", $0) }.joined())
    }
}
