import Testing
@testable import LabelgateCore

@Suite("GS1 Digital Link")
struct GS1DigitalLinkTests {
    typealias F = GS1Fixtures
    static let reference = "https://id.gs1.org/01/05412345000013/10/ABC%26%2B123?3103=000189&3923=2172"

    @Test func parsesReferenceExample() throws {
        let parsed = try GS1DigitalLink.parse(Self.reference)
        #expect(parsed.elements == [
            F.element("01", F.dlGTIN), F.element("10", "ABC&+123"), F.element("3103", "000189"),
            F.element("3923", "2172"),
        ])
    }

    @Test func generatesReferenceExample() throws {
        let elements = try GS1ElementString([
            F.element("01", F.dlGTIN), F.element("10", "ABC&+123"), F.element("3103", "000189"),
            F.element("3923", "2172"),
        ])
        #expect(try GS1DigitalLink.uri(for: elements) == Self.reference)
    }

    @Test func acceptsAnyHostAndStemPath() throws {
        let parsed = try GS1DigitalLink.parse("HTTP://labels.example.org/ct/v1/01/\(F.gtin)/21/SN%2F42#frag")
        #expect(parsed.elements == [F.element("01", F.gtin), F.element("21", "SN/42")])
    }

    @Test func parsesGSRNRecipientWithServiceRelationInstanceNumber() throws {
        let parsed = try GS1DigitalLink.parse("https://id.gs1.org/8018/\(F.gsrn)/8019/7?7240=TRIAL-9")
        #expect(parsed.elements == [F.element("8018", F.gsrn), F.element("8019", "7"), F.element("7240", "TRIAL-9")])
    }

    @Test func padsShortGTINsToFourteenDigits() throws {
        let parsed = try GS1DigitalLink.parse("https://id.gs1.org/01/9506000134352")
        #expect(parsed["01"] == F.gtin)
    }

    @Test func ignoresQueryKeysThatAreNotApplicationIdentifiers() throws {
        let parsed = try GS1DigitalLink.parse("https://id.gs1.org/00/\(F.sscc)?linkType=gs1:pip&17=261231&x&=1")
        #expect(parsed.elements == [F.element("00", F.sscc), F.element("17", "261231")])
    }

    @Test func toleratesTrailingSlash() throws {
        let parsed = try GS1DigitalLink.parse("https://id.gs1.org/01/\(F.gtin)/10/L1/")
        #expect(parsed["10"] == "L1")
    }

    @Test("rejects qualifiers in the wrong order or of the wrong key", arguments: [
        "https://id.gs1.org/01/09506000134352/21/S1/10/L1",
        "https://id.gs1.org/01/09506000134352/10/L1/235/T1",
        "https://id.gs1.org/01/09506000134352/10/L1/10/L2",
        "https://id.gs1.org/8018/795260646688514634/10/L1",
        "https://id.gs1.org/00/106141411234567897/21/S1",
    ])
    func rejectsQualifiersInWrongOrder(uri: String) {
        #expect(throws: F.error(.badDigitalLink)) { try GS1DigitalLink.parse(uri) }
    }

    @Test("rejects malformed URIs", arguments: [
        "ftp://id.gs1.org/01/09506000134352",
        "https:///01/09506000134352",
        "https://id.gs1.org",
        "https://id.gs1.org/",
        "https://id.gs1.org/products/42",
        "https://id.gs1.org/10/ABC",
        "https://id.gs1.org/01/09506000134352/10/A%2",
        "https://id.gs1.org/01/09506000134352/10/A%ZZ",
        "https://id.gs1.org//01/09506000134352",
        "https://id.gs1.org/01/09506000134352?21=S1",
        "https://id.gs1.org/01/09506000134352?10=%G1",
    ])
    func rejectsMalformedURIs(uri: String) {
        #expect(throws: F.error(.badDigitalLink)) { try GS1DigitalLink.parse(uri) }
    }

    @Test func rejectsUnknownNumericQueryKey() {
        #expect(throws: F.error(.unknownAI)) { try GS1DigitalLink.parse("https://id.gs1.org/01/\(F.gtin)?19=1") }
    }

    @Test func rejectsAttributeRepeatingAPathElement() {
        let uri = "https://id.gs1.org/01/\(F.gtin)/10/A?10=B"
        #expect(throws: F.error(.duplicateAI)) { try GS1DigitalLink.parse(uri) }
    }

    @Test func validatesValuesLikeElementStrings() {
        #expect(throws: F.error(.badCheckDigit)) { try GS1DigitalLink.parse("https://id.gs1.org/01/09506000134353") }
        #expect(throws: F.error(.invalidContent)) {
            try GS1DigitalLink.parse("https://id.gs1.org/01/\(F.gtin)?17=251301")
        }
        #expect(throws: F.error(.invalidCharacter)) {
            try GS1DigitalLink.parse("https://id.gs1.org/01/\(F.gtin)/10/A%1DB")
        }
        #expect(throws: F.error(.invalidCharacter)) {
            try GS1DigitalLink.parse("https://id.gs1.org/01/\(F.gtin)/10/A B")
        }
        #expect(throws: F.error(.empty)) { try GS1DigitalLink.parse("") }
    }

    @Test func generatesQualifiersInPathOrderRegardlessOfElementOrder() throws {
        let elements = try GS1ElementString([
            F.element("17", "261231"), F.element("21", "S-1"), F.element("10", "L/1"),
            F.element("01", F.gtin),
        ])
        let uri = try GS1DigitalLink.uri(for: elements, stem: "https://example.com/ct/")
        #expect(uri == "https://example.com/ct/01/\(F.gtin)/10/L%2F1/21/S-1?17=261231")
    }

    @Test func prefersGTINAsPrimaryKeyAndSendsOtherKeysAsAttributes() throws {
        let elements = try GS1ElementString([F.element("00", F.sscc), F.element("01", F.gtin)])
        #expect(try GS1DigitalLink.uri(for: elements) == "https://id.gs1.org/01/\(F.gtin)?00=\(F.sscc)")
    }

    @Test func rejectsGenerationWithoutPrimaryKey() throws {
        let elements = try GS1ElementString([F.element("10", "L1"), F.element("17", "261231")])
        #expect(throws: F.error(.badDigitalLink)) { try GS1DigitalLink.uri(for: elements) }
    }

    @Test func rejectsGenerationWhenAnElementCannotBePlaced() throws {
        let elements = try GS1ElementString([F.element("8018", F.gsrn), F.element("21", "S1")])
        #expect(throws: F.error(.badDigitalLink)) { try GS1DigitalLink.uri(for: elements) }
    }

    @Test func rejectsStemThatIsNotAnHTTPAddress() throws {
        let elements = try GS1ElementString([F.element("01", F.gtin)])
        #expect(throws: F.error(.badDigitalLink)) { try GS1DigitalLink.uri(for: elements, stem: "id.gs1.org") }
        #expect(throws: F.error(.badDigitalLink)) { try GS1DigitalLink.uri(for: elements, stem: "https://") }
        #expect(throws: F.error(.badDigitalLink)) { try GS1DigitalLink.uri(for: elements, stem: "https://a?b") }
    }

    @Test func roundTripsElementStringThroughURI() throws {
        let original = try GS1ElementString([
            F.element("01", F.gtin), F.element("17", "260100"), F.element("10", "AB&C=%+"), F.element("21", "X'Y"),
            F.element("7003", "2601011200"), F.element("90", "A/B?C;D"),
        ])
        let uri = try GS1DigitalLink.uri(for: original)
        let parsed = try GS1DigitalLink.parse(uri)
        #expect(Set(parsed.elements) == Set(original.elements))
    }
}
