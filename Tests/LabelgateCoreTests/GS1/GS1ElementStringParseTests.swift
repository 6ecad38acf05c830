import Testing
@testable import LabelgateCore

@Suite("GS1 element string: parsing transmitted data")
struct GS1ElementStringParseTests {
    typealias F = GS1Fixtures

    @Test func parsesFixedLengthGTINFollowedDirectlyByBatch() throws {
        let parsed = try GS1ElementString.parse(F.bytes("01\(F.gtin)10ABC123"))
        #expect(parsed.elements == [F.element("01", F.gtin), F.element("10", "ABC123")])
        #expect(parsed["01"] == F.gtin)
        #expect(parsed["10"] == "ABC123")
        #expect(parsed["21"] == nil)
    }

    @Test func parsesVariableBatchTerminatedByGroupSeparatorThenSerial() throws {
        let bytes = F.bytes("10ABC") + [F.gs] + F.bytes("21XYZ")
        let parsed = try GS1ElementString.parse(bytes)
        #expect(parsed.elements == [F.element("10", "ABC"), F.element("21", "XYZ")])
    }

    @Test func acceptsLeadingGroupSeparatorAsFNC1InFirstPosition() throws {
        let parsed = try GS1ElementString.parse([F.gs] + F.bytes("01\(F.gtin)17261231"))
        #expect(parsed.elements == [F.element("01", F.gtin), F.element("17", "261231")])
    }

    @Test func toleratesGroupSeparatorAfterFixedLengthValue() throws {
        let parsed = try GS1ElementString.parse(F.bytes("01\(F.gtin)") + [F.gs] + F.bytes("10LOT1"))
        #expect(parsed.elements == [F.element("01", F.gtin), F.element("10", "LOT1")])
    }

    @Test func toleratesOneTrailingGroupSeparator() throws {
        let parsed = try GS1ElementString.parse(F.bytes("10LOT1") + [F.gs])
        #expect(parsed.elements == [F.element("10", "LOT1")])
    }

    @Test func recognisesThreeAndFourDigitIdentifiersFromThePrefixTable() throws {
        let bytes = F.bytes("240ADD-1") + [F.gs] + F.bytes("70032512312359") + [F.gs] + F.bytes("8018\(F.gsrn)")
            + [F.gs] + F.bytes("80191234")
        let parsed = try GS1ElementString.parse(bytes)
        #expect(parsed.elements.map(\.ai) == ["240", "7003", "8018", "8019"])
        #expect(parsed["7003"] == "2512312359")
        #expect(parsed["8019"] == "1234")
    }

    @Test func parsesPatientLabelWithGSRNRecipientAndSSCC() throws {
        let bytes = F.bytes("00\(F.sscc)8018\(F.gsrn)") + [F.gs] + F.bytes("7240PROTO-7") + [F.gs] + F.bytes("17260100")
        let parsed = try GS1ElementString.parse(bytes)
        #expect(parsed.elements.map(\.ai) == ["00", "8018", "7240", "17"])
        #expect(parsed["17"] == "260100")
    }

    @Test func rejectsEmptyInput() {
        #expect(throws: F.error(.empty)) { try GS1ElementString.parse([]) }
        #expect(throws: F.error(.empty)) { try GS1ElementString.parse([F.gs]) }
    }

    @Test func rejectsInputOverFourKibibytes() {
        let bytes = F.bytes("91") + [UInt8](repeating: 0x41, count: 4_095)
        #expect(throws: F.error(.tooLong)) { try GS1ElementString.parse(bytes) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: F.error(.invalidCharacter)) { try GS1ElementString.parse([0x31, 0x30, 0xC3, 0x28]) }
    }

    @Test func rejectsValidNonASCIIUTF8() {
        #expect(throws: F.error(.invalidCharacter)) { try GS1ElementString.parse(F.bytes("10CAFÉ")) }
    }

    @Test("rejects control characters other than GS", arguments: [UInt8(0x00), 0x04, 0x0A, 0x0D, 0x1E, 0x7F])
    func rejectsControlCharacters(control: UInt8) {
        #expect(throws: F.error(.invalidCharacter)) { try GS1ElementString.parse(F.bytes("10AB") + [control]) }
    }

    @Test func rejectsUnknownApplicationIdentifier() {
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString.parse(F.bytes("231ABC")) }
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString.parse(F.bytes("05123456")) }
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString.parse(F.bytes("AB123")) }
    }

    @Test func rejectsDuplicatedApplicationIdentifier() {
        let bytes = F.bytes("10A") + [F.gs] + F.bytes("10B")
        #expect(throws: F.error(.duplicateAI)) { try GS1ElementString.parse(bytes) }
        let sameGTINTwice = F.bytes("01\(F.gtin)01\(F.gtin)")
        #expect(throws: F.error(.duplicateAI)) { try GS1ElementString.parse(sameGTINTwice) }
    }

    @Test func rejectsWrongCheckDigitInGTIN() {
        #expect(throws: F.error(.badCheckDigit)) { try GS1ElementString.parse(F.bytes("0109506000134353")) }
    }

    @Test func rejectsWrongCheckDigitInSSCCAndGSRN() {
        #expect(throws: F.error(.badCheckDigit)) { try GS1ElementString.parse(F.bytes("00106141411234567890")) }
        #expect(throws: F.error(.badCheckDigit)) { try GS1ElementString.parse(F.bytes("8018795260646688514635")) }
    }

    @Test func rejectsTruncatedFixedLengthValue() {
        #expect(throws: F.error(.truncated)) { try GS1ElementString.parse(F.bytes("010950600013")) }
        let cutByGS = F.bytes("010950600013") + [F.gs] + F.bytes("10ABC")
        #expect(throws: F.error(.truncated)) { try GS1ElementString.parse(cutByGS) }
        #expect(throws: F.error(.truncated)) { try GS1ElementString.parse(F.bytes("8018795260646")) }
    }

    @Test func rejectsApplicationIdentifierCutOff() {
        #expect(throws: F.error(.truncated)) { try GS1ElementString.parse(F.bytes("01\(F.gtin)7")) }
        #expect(throws: F.error(.truncated)) { try GS1ElementString.parse(F.bytes("01\(F.gtin)800")) }
    }

    @Test func rejectsVariableValueThatIsTooLong() {
        let batch = String(repeating: "A", count: 21)
        #expect(throws: F.error(.invalidLength)) { try GS1ElementString.parse(F.bytes("10\(batch)")) }
        #expect(throws: F.error(.invalidLength)) { try GS1ElementString.parse(F.bytes("8019" + "12345678901")) }
    }

    @Test func rejectsEmptyVariableValue() {
        let bytes = F.bytes("10") + [F.gs] + F.bytes("21XYZ")
        #expect(throws: F.error(.invalidLength)) { try GS1ElementString.parse(bytes) }
    }

    @Test func rejectsDoubleSeparator() {
        let bytes = F.bytes("10A") + [F.gs, F.gs] + F.bytes("21XYZ")
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString.parse(bytes) }
    }

    @Test func rejectsNonDigitInNumericField() {
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString.parse(F.bytes("0109506000I34352")) }
    }

    @Test func rejectsCharacterOutsideCharacterSet82() {
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString.parse(F.bytes("10AB CD")) }
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString.parse(F.bytes("21AB#CD")) }
    }
}
