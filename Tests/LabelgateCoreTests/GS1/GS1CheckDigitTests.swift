import Testing
@testable import LabelgateCore

@Suite("GS1 mod-10 check digit")
struct GS1CheckDigitTests {
    @Test("reference vectors from the labeling facts", arguments: [
        ("0950600013435", Character("2")),
        ("9889876543210", Character("6")),
        ("0952012345678", Character("8")),
    ])
    func computesReferenceVectors(data: String, expected: Character) throws {
        #expect(try GS1CheckDigit.compute(for: data) == expected)
        #expect(GS1CheckDigit.isValid(data + String(expected)))
    }

    @Test("SSCC, GSRN, GTIN-13 and GTIN-8 style numbers", arguments: [
        ("10614141123456789", Character("7")),   // SSCC 106141411234567897
        ("79526064668851463", Character("4")),   // GSRN 795260646688514634
        ("0541234500001", Character("3")),       // GTIN 05412345000013 (Digital Link example)
        ("950600013435", Character("2")),        // GTIN-13 9506000134352
        ("9638507", Character("4")),             // GTIN-8 96385074
    ])
    func computesCheckDigitsForOtherKeyLengths(data: String, expected: Character) throws {
        #expect(try GS1CheckDigit.compute(for: data) == expected)
    }

    @Test func acceptsSubstringInput() throws {
        let text = "xx0950600013435yy"
        let slice = text.dropFirst(2).dropLast(2)
        #expect(try GS1CheckDigit.compute(for: slice) == "2")
    }

    @Test func rejectsWrongCheckDigit() {
        #expect(!GS1CheckDigit.isValid("09506000134353"))
        #expect(GS1CheckDigit.isValid("09506000134352"))
    }

    @Test func rejectsNonDigitsAndTooShortInput() {
        #expect(!GS1CheckDigit.isValid(""))
        #expect(!GS1CheckDigit.isValid("7"))
        #expect(!GS1CheckDigit.isValid("0950600013435X"))
        #expect(!GS1CheckDigit.isValid("٠٩٥٠٦٠٠٠١٣٤٣٥٢"))
    }

    @Test func computeThrowsTypedErrors() {
        #expect(throws: GS1Error.empty()) { try GS1CheckDigit.compute(for: "") }
        #expect(throws: GS1Error.invalidContent(ai: nil, "x")) { try GS1CheckDigit.compute(for: "12a4") }
    }

    @Test func computesOverVeryLongInputWithoutOverflow() throws {
        let digits = String(repeating: "9", count: 100_000)
        let digit = try GS1CheckDigit.compute(for: digits)
        #expect(GS1CheckDigit.isValid(digits + String(digit)))
    }
}
