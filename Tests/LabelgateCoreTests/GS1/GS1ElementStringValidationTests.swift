import Testing
@testable import LabelgateCore

@Suite("GS1 element string: building and validating")
struct GS1ElementStringValidationTests {
    typealias F = GS1Fixtures

    @Test func transmitsSeparatorOnlyAfterNonFinalVariableValues() throws {
        let elements = try GS1ElementString([
            F.element("01", F.gtin), F.element("10", "ABC"), F.element("21", "XYZ"), F.element("17", "261231"),
        ])
        let expected = F.bytes("01\(F.gtin)10ABC") + [F.gs] + F.bytes("21XYZ") + [F.gs] + F.bytes("17261231")
        #expect(elements.transmitted() == expected)
    }

    @Test func transmitsNoSeparatorAfterFixedLengthOrLastValue() throws {
        let elements = try GS1ElementString([F.element("01", F.gtin), F.element("17", "261231"), F.element("10", "L")])
        #expect(elements.transmitted() == F.bytes("01\(F.gtin)1726123110L"))
    }

    @Test func separatesNonPredefinedFixedLengthValues() throws {
        let elements = try GS1ElementString([F.element("8018", F.gsrn), F.element("7003", "2512312359")])
        #expect(elements.transmitted() == F.bytes("8018\(F.gsrn)") + [F.gs] + F.bytes("70032512312359"))
    }

    @Test func transmitsWithCustomSeparatorAndLeadingFNC1() throws {
        let elements = try GS1ElementString([F.element("10", "A"), F.element("21", "B")])
        #expect(elements.transmitted(separator: 0x25) == F.bytes("10A%21B"))
        #expect(elements.transmittedWithLeadingFNC1() == [F.gs] + F.bytes("10A") + [F.gs] + F.bytes("21B"))
    }

    @Test func roundTripsTransmittedParseAndHumanReadable() throws {
        let original = try GS1ElementString([
            F.element("01", F.gtin), F.element("10", "AB(1)&+"), F.element("21", "S/N-7"),
            F.element("8018", F.gsrn), F.element("8019", "42"), F.element("17", "260100"),
        ])
        #expect(try GS1ElementString.parse(original.transmitted()) == original)
        #expect(try GS1ElementString.parse(humanReadable: original.humanReadable) == original)
    }

    @Test func rejectsEmptyElementList() {
        #expect(throws: F.error(.empty)) { try GS1ElementString([]) }
    }

    @Test func rejectsUnknownAndDuplicatedIdentifiers() {
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString([F.element("19", "1")]) }
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString([F.element("1", "1")]) }
        #expect(throws: F.error(.unknownAI)) { try GS1ElementString([F.element("01234", "1")]) }
        #expect(throws: F.error(.duplicateAI)) {
            try GS1ElementString([F.element("21", "A"), F.element("21", "A")])
        }
    }

    @Test func distinguishesTruncatedFromTooLongFixedValues() {
        #expect(throws: F.error(.truncated)) { try GS1ElementString([F.element("01", "0950600013435")]) }
        #expect(throws: F.error(.invalidLength)) { try GS1ElementString([F.element("01", F.gtin + "0")]) }
    }

    @Test func acceptsDayZeroInProductionAndExpiryDates() throws {
        _ = try GS1ElementString([F.element("11", "250200"), F.element("17", "261200")])
    }

    @Test("rejects impossible YYMMDD dates", arguments: ["251301", "250001", "250230", "250431", "250229"])
    func rejectsImpossibleExpiryDate(date: String) {
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString([F.element("17", date)]) }
    }

    @Test func acceptsLeapDayInLeapYear() throws {
        _ = try GS1ElementString([F.element("17", "240229")])
    }

    @Test func validatesExpiryDateAndTime() throws {
        _ = try GS1ElementString([F.element("7003", "2512312359")])
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString([F.element("7003", "2512312400")]) }
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString([F.element("7003", "2512001200")]) }
        #expect(throws: F.error(.truncated)) { try GS1ElementString([F.element("7003", "251231")]) }
    }

    @Test func validatesGRAICheckDigitAfterLeadingZero() throws {
        _ = try GS1ElementString([F.element("8003", "09506000134352")])
        _ = try GS1ElementString([F.element("8003", "09506000134352DEWAR-17")])
        #expect(throws: F.error(.badCheckDigit)) { try GS1ElementString([F.element("8003", "09506000134353")]) }
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString([F.element("8003", "19506000134352")]) }
    }

    @Test func validatesDigitalSignatureAsBase64URL() throws {
        _ = try GS1ElementString([F.element("8030", "MEUCIQD-abc_12=")])
        _ = try GS1ElementString([F.element("8030", "QUJD")])
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString([F.element("8030", "AB+/")]) }
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString([F.element("8030", "AB=C")]) }
        #expect(throws: F.error(.invalidLength)) {
            try GS1ElementString([F.element("8030", String(repeating: "A", count: 91))])
        }
    }

    @Test func acceptsCompanyInternalLengths() throws {
        _ = try GS1ElementString([F.element("90", String(repeating: "Z", count: 30))])
        _ = try GS1ElementString([F.element("95", String(repeating: "Z", count: 90))])
        #expect(throws: F.error(.invalidLength)) {
            try GS1ElementString([F.element("90", String(repeating: "Z", count: 31))])
        }
    }

    @Test func rejectsControlCharacterInValue() {
        #expect(throws: F.error(.invalidCharacter)) { try GS1ElementString([F.element("10", "A\u{1D}B")]) }
        #expect(throws: F.error(.invalidCharacter)) { try GS1ElementString([F.element("10", "Ä")]) }
    }

    @Test func rejectsEmptyValue() {
        #expect(throws: F.error(.invalidLength)) { try GS1ElementString([F.element("10", "")]) }
    }

    @Test func validatesTemperatureWithOptionalMinusSign() throws {
        _ = try GS1ElementString([F.element("00", F.sscc), F.element("4331", "000180-")])
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString([F.element("4331", "000180+")]) }
    }

    @Test func validatesPatientDateOfBirth() throws {
        _ = try GS1ElementString([F.element("8018", F.gsrn), F.element("7250", "20000229")])
        #expect(throws: F.error(.invalidContent)) { try GS1ElementString([F.element("7250", "19000229")]) }
    }

    @Test func reasonsAreShortAndDoNotEchoLongInput() {
        let long = String(repeating: "9", count: 500)
        do {
            _ = try GS1ElementString([F.element(long, "1")])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unknownAI)
            #expect(error.reason.count < 120)
            #expect(error.description.hasPrefix("gs1.unknownAI: "))
        }
    }

    @Test func errorsCompareByCodeOnly() {
        #expect(GS1Error.badCheckDigit(ai: "01") == GS1Error.badCheckDigit(ai: "00"))
        #expect(GS1Error.badCheckDigit(ai: "01") != GS1Error.truncated(ai: "01", "x"))
        #expect(Set([GS1Error.empty(), GS1Error.empty("other")]).count == 1)
        #expect(GS1Error.Code.badCheckDigit.rawValue == "gs1.badCheckDigit")
    }
}
