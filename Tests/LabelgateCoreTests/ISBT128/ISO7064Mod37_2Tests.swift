import Testing
@testable import LabelgateCore

@Suite struct ISO7064Mod37_2Tests {
    /// Published vectors: ST-001 App. A, UK Red Book Annex 2, ST-001 §7.5.1.1, App. C, §7.4.1, Fig. 2.
    static let publishedVectors: [(din: String, value: Int, check: Character)] = [
        ("G123417654321", 10, "A"),
        ("G123498654321", 17, "H"),
        ("A999818123456", 23, "N"),
        ("A999820123456", 14, "E"),
        ("W000009123456", 16, "G"),
        ("A999921123456", 3, "3"),
    ]

    @Test func computesEveryPublishedCheckCharacter() throws {
        for vector in Self.publishedVectors {
            #expect(try ISO7064Mod37_2.checkValue(for: vector.din) == vector.value, "\(vector.din)")
            #expect(try ISO7064Mod37_2.checkCharacter(for: vector.din) == vector.check, "\(vector.din)")
        }
    }

    @Test func alphabetMapsValuesZeroToThirtySixWithAsteriskLast() {
        #expect(ISO7064Mod37_2.alphabet.count == 37)
        #expect(String(ISO7064Mod37_2.alphabet) == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*")
    }

    @Test func producesAsteriskForCheckValueThirtySix() throws {
        #expect(try ISO7064Mod37_2.checkValue(for: "A999923AB12CD") == 36)
        #expect(try ISO7064Mod37_2.checkCharacter(for: "A999923AB12CD") == "*")
    }

    @Test func acceptsSubstringsAsInput() throws {
        let scan = "=G12341765432170"
        #expect(try ISO7064Mod37_2.checkCharacter(for: scan.dropFirst().prefix(13)) == "A")
    }

    @Test func rejectsLowercaseAsteriskAndNonASCIIInput() {
        #expect(throws: isbtError(.invalidCharacter)) { try ISO7064Mod37_2.checkValue(for: "g123417654321") }
        #expect(throws: isbtError(.invalidCharacter)) { try ISO7064Mod37_2.checkValue(for: "G12341765432*") }
        #expect(throws: isbtError(.invalidCharacter)) { try ISO7064Mod37_2.checkValue(for: "G1234176543É") }
        #expect(throws: isbtError(.invalidCharacter)) { try ISO7064Mod37_2.checkValue(for: "A9998 18") }
    }

    @Test func rejectsEmptyInput() {
        #expect(throws: isbtError(.empty)) { try ISO7064Mod37_2.checkValue(for: "") }
    }

    @Test func rejectsCheckValuesOutsideTheAlphabet() {
        #expect(throws: isbtError(.invalidContent)) { try ISO7064Mod37_2.character(forValue: 37) }
        #expect(throws: isbtError(.invalidContent)) { try ISO7064Mod37_2.character(forValue: -1) }
    }
}
