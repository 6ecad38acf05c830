import Testing
@testable import LabelgateCore

@Suite("GS1 element string: human-readable form")
struct GS1HumanReadableTests {
    typealias F = GS1Fixtures

    @Test func parsesBracketedHumanReadableForm() throws {
        let parsed = try GS1ElementString.parse(humanReadable: "(01)09506000134352(10)ABC")
        #expect(parsed.elements == [F.element("01", F.gtin), F.element("10", "ABC")])
        #expect(parsed.humanReadable == "(01)09506000134352(10)ABC")
    }

    @Test func parsesFromSubstring() throws {
        let text = "  (8018)\(F.gsrn)(8019)7  "
        let trimmed = text.dropFirst(2).dropLast(2)
        let parsed = try GS1ElementString.parse(humanReadable: trimmed)
        #expect(parsed["8019"] == "7")
    }

    @Test func escapesOpeningParenthesisInsideValues() throws {
        let elements = try GS1ElementString([F.element("10", "A(B)C")])
        #expect(elements.humanReadable == "(10)A\\(B)C")
        #expect(try GS1ElementString.parse(humanReadable: elements.humanReadable) == elements)
    }

    @Test func rejectsTextThatDoesNotStartWithAnIdentifier() {
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString.parse(humanReadable: "01\(F.gtin)") }
        #expect(throws: F.error(.empty)) { try GS1ElementString.parse(humanReadable: "") }
    }

    @Test func rejectsMalformedIdentifierBrackets() {
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString.parse(humanReadable: "(01") }
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString.parse(humanReadable: "(0A)1") }
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString.parse(humanReadable: "(12345)1") }
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString.parse(humanReadable: "(10)A(B)C") }
    }

    @Test func appliesTheSameValidationAsTransmittedData() {
        #expect(throws: F.error(.badCheckDigit)) {
            try GS1ElementString.parse(humanReadable: "(01)09506000134353")
        }
        #expect(throws: F.error(.duplicateAI)) { try GS1ElementString.parse(humanReadable: "(10)A(10)A") }
        #expect(throws: F.error(.invalidLength)) { try GS1ElementString.parse(humanReadable: "(10)(21)A") }
        #expect(throws: F.error(.invalidCharacter)) { try GS1ElementString.parse(humanReadable: "(10)A\nB") }
    }
}
