import PropertyBased
import Testing
@testable import LabelgateCore

@Suite("GS1 and AIM properties")
struct GS1PropertyTests {
    typealias F = GS1Fixtures

    /// Bytes from GS1-looking data (digits, CSET 82, GS) with a few bad bytes mixed in.
    static let scanAlphabet: [UInt8] = Array("0123456789012345678901234567890123456789".utf8)
        + Array("ABCxyz-/%()]dCQ?=&:".utf8) + [0x1D, 0x1D, 0x1D, 0x1D, 0x00, 0x7F, 0xC3, 0xFF, 0x20]

    static let scanBytes = Gen.element(of: scanAlphabet).map { $0 ?? 0x30 }.array(of: 0...80)

    @Test func randomValidElementStringsRoundTrip() async {
        await propertyCheck(
            count: 300,
            input: Gen.int(in: 0...1_000).array(of: 1...8), Gen.int(in: 0...Int(Int32.max)),
            Gen.int(in: 0...81).array(of: 1...90)
        ) { choices, seed, indices in
            let elements = F.validElements(choices: choices, seed: seed, indices: indices)
            let original = try GS1ElementString(elements)
            #expect(try GS1ElementString.parse(original.transmitted()) == original)
            #expect(try GS1ElementString.parse(original.transmittedWithLeadingFNC1()) == original)
            #expect(try GS1ElementString.parse(humanReadable: original.humanReadable) == original)
        }
    }

    @Test func randomDigitalLinkElementStringsRoundTripAsSets() async {
        let qualifiers = [["10"], ["21"], ["10", "21"], ["22", "10", "21"], ["235"], []]
        await propertyCheck(
            count: 200,
            input: Gen.int(in: 0...(qualifiers.count - 1)), Gen.int(in: 0...1_000).array(of: 0...5),
            Gen.int(in: 0...Int(Int32.max)), Gen.int(in: 0...81).array(of: 1...40)
        ) { pick, attributeChoices, seed, indices in
            let attributeAIs = ["17", "11", "7003", "240", "3103", "90", "91", "8030", "00", "4330"]
            var elements = [F.validElement(ai: "01", seed: seed, indices: indices)]
            for ai in qualifiers[pick] {
                elements.append(F.validElement(ai: ai, seed: seed &+ 1, indices: indices.reversed()))
            }
            for choice in attributeChoices {
                let ai = attributeAIs[choice % attributeAIs.count]
                if !elements.contains(where: { $0.ai == ai }) {
                    elements.append(F.validElement(ai: ai, seed: seed &+ choice, indices: indices))
                }
            }
            let original = try GS1ElementString(elements.shuffled())
            let uri = try GS1DigitalLink.uri(for: original)
            let parsed = try GS1DigitalLink.parse(uri)
            #expect(Set(parsed.elements) == Set(original.elements))
        }
    }

    /// Exercises every parser on `bytes`; whatever parses as an element string must survive its own round trip.
    static func exerciseParsers(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        if let parsed = try? GS1ElementString.parse(bytes) {
            #expect(try GS1ElementString.parse(parsed.transmitted()) == parsed)
            #expect(try GS1ElementString.parse(humanReadable: parsed.humanReadable) == parsed)
        }
        if let parsed = try? GS1ElementString.parse(humanReadable: text) {
            #expect(try GS1ElementString.parse(parsed.transmitted()) == parsed)
        }
        _ = try? GS1DigitalLink.parse("https://id.gs1.org/" + text)
        _ = try? GS1DigitalLink.parse(text)
        _ = try? AIMIdentifier.split(bytes)
        _ = try? AIMIdentifier(text)
        _ = try? GS1CheckDigit.compute(for: text)
        _ = GS1CheckDigit.isValid(text)
    }

    @Test func randomBytesNeverCrashTheParsers() async {
        await propertyCheck(count: 2_000, input: Self.scanBytes) { bytes throws in
            try Self.exerciseParsers(bytes)
        }
    }

    @Test func mutatedValidScansNeverCrashTheParsers() async {
        await propertyCheck(
            count: 1_000,
            input: Gen.int(in: 0...1_000).array(of: 1...6), Gen.int(in: 0...Int(Int32.max)),
            Gen.int(in: 0...81).array(of: 1...40), Gen.int(in: 0...10_000).array(of: 1...4)
        ) { choices, seed, indices, mutations in
            let original = try GS1ElementString(F.validElements(choices: choices, seed: seed, indices: indices))
            var bytes = original.transmitted()
            for mutation in mutations where !bytes.isEmpty {
                let position = mutation % bytes.count
                let replacement = Self.scanAlphabet[(mutation / 7) % Self.scanAlphabet.count]
                switch mutation % 3 {
                case 0: bytes[position] = replacement
                case 1: bytes.insert(replacement, at: position)
                default: bytes.remove(at: position)
                }
            }
            try Self.exerciseParsers(bytes)
            let uriText = (try? GS1DigitalLink.uri(for: original)) ?? "https://id.gs1.org/01/\(F.gtin)"
            var uri = Array(uriText.utf8)
            for mutation in mutations where !uri.isEmpty {
                uri[mutation % uri.count] = Self.scanAlphabet[(mutation / 7) % Self.scanAlphabet.count]
            }
            _ = try? GS1DigitalLink.parse(String(decoding: uri, as: UTF8.self))
        }
    }

    @Test func fullyRandomBytesNeverCrashTheParsers() async {
        await propertyCheck(count: 1_000, input: Gen.uint8(in: 0...255).array(of: 0...64)) { bytes in
            _ = try? GS1ElementString.parse(bytes)
            _ = try? GS1ElementString.parse(humanReadable: String(decoding: bytes, as: UTF8.self))
            _ = try? GS1DigitalLink.parse(String(decoding: bytes, as: UTF8.self))
            _ = try? AIMIdentifier.split(bytes)
        }
    }

    @Test func singleDigitSubstitutionInGTINIsCaught() async {
        await propertyCheck(
            count: 500,
            input: Gen.int(in: 0...Int(Int32.max)), Gen.int(in: 0...13), Gen.int(in: 1...9)
        ) { seed, position, delta in
            let gtin = F.withCheckDigit(F.digits(13, seed: seed))
            var digits = Array(gtin.utf8)
            let original = digits[position] - 0x30
            digits[position] = UInt8((Int(original) + delta) % 10) + 0x30
            let mutated = String(decoding: digits, as: UTF8.self)
            #expect(!GS1CheckDigit.isValid(mutated))
            #expect(throws: GS1Fixtures.error(.badCheckDigit)) {
                try GS1ElementString([F.element("01", mutated)])
            }
            let scanned = Array(("01" + mutated).utf8)
            #expect(throws: GS1Fixtures.error(.badCheckDigit)) { try GS1ElementString.parse(scanned) }
        }
    }

    @Test func oversizedInputIsRejectedNotProcessed() async {
        await propertyCheck(count: 20, input: Gen.int(in: 4_097...20_000)) { size in
            let bytes = [UInt8](repeating: 0x31, count: size)
            #expect(throws: GS1Fixtures.error(.tooLong)) { try GS1ElementString.parse(bytes) }
            let text = String(repeating: "1", count: size)
            #expect(throws: GS1Fixtures.error(.tooLong)) { try GS1ElementString.parse(humanReadable: text) }
            #expect(throws: GS1Fixtures.error(.tooLong)) { try GS1DigitalLink.parse(text) }
        }
    }
}
