import Testing

@testable import LabelgateCore

@Suite struct PayloadRoundTripTests {
    func issued(flags: DINFlags = .containerOfSet(1)) throws -> LabelClaim {
        try LabelClaim.issue(for: CoreFixtures.record(), label: CoreFixtures.label(flags: flags))
    }

    @Test(arguments: LabelProfile.allCases)
    func parsedPayloadEqualsTheIssuedClaim(profile: LabelProfile) throws {
        let claim = try issued()
        let payload = try LabelPayloadEncoder().encode(claim, profile: profile)
        let parsed = try ScanParser().parse(Scan(bytes: payload.bytes, aimIdentifier: payload.aimIdentifier))
        #expect(parsed.label == claim || (profile == .isbt && parsed.label == { var c = claim; c.gtin = nil; return c }()))
        #expect(parsed.profile == profile)
    }

    @Test(arguments: LabelProfile.allCases)
    func inlineAIMPrefixIsStripped(profile: LabelProfile) throws {
        let payload = try LabelPayloadEncoder().encode(issued(), profile: profile)
        let parsed = try ScanParser().parse(Scan(bytes: Array(payload.aimIdentifier.utf8) + payload.bytes))
        #expect(parsed.aimIdentifier == payload.aimIdentifier)
        #expect(parsed.label.serial == LabelSerial(42))
    }

    @Test func gs1PayloadHasTheDocumentedShape() throws {
        let payload = try LabelPayloadEncoder().encode(issued(), profile: .gs1)
        let claim = try issued()
        #expect(payload.aimIdentifier == "]d2")
        #expect(
            payload.humanReadable
                == "(01)09506000134352(10)A99992600000101(21)0000000042(240)S1234100(92)CHA999926AB12CD(91)1\(claim.hash.text)")
        #expect(payload.text == "0109506000134352" + "10A99992600000101\u{1D}" + "210000000042\u{1D}" + "240S1234100\u{1D}"
            + "92CHA999926AB12CD\u{1D}" + "911" + claim.hash.text)
        #expect(payload.elementString?["91"]?.count == 33)
    }

    @Test func isbtPayloadHasTheDocumentedShape() throws {
        let claim = try issued()
        let payload = try LabelPayloadEncoder().encode(claim, profile: .isbt)
        #expect(payload.aimIdentifier == "]d1")
        #expect(payload.text == "=A99992600000101=<S1234100&/CHA999926AB12CD&h10000000042" + claim.hash.text)
    }

    @Test func gs1HumanReadableAndDigitalLinkFormsParseToTheSameClaim() throws {
        let claim = try issued()
        let payload = try LabelPayloadEncoder().encode(claim, profile: .gs1)
        let elements = try #require(payload.elementString)
        let fromHRI = try ScanParser().parse(Scan(text: payload.humanReadable))
        #expect(fromHRI.label == claim)
        let uri = try GS1DigitalLink.uri(for: elements)
        let fromURI = try ScanParser().parse(Scan(text: uri, aimIdentifier: "]Q1"))
        #expect(fromURI.label == claim)
    }

    @Test func customCarriersAreHonouredAndValidated() throws {
        let format = LabelPayloadFormat(gs1HashAI: "97", gs1COIAI: "98", isbtLocalIdentifier: "&q")
        let claim = try issued()
        for profile in LabelProfile.allCases {
            let payload = try LabelPayloadEncoder(format: format).encode(claim, profile: profile)
            #expect(try ScanParser(format: format).parse(Scan(bytes: payload.bytes, aimIdentifier: payload.aimIdentifier)).label.hash == claim.hash)
            #expect(throws: ClaimError.self) {
                try ScanParser().parse(Scan(bytes: payload.bytes, aimIdentifier: payload.aimIdentifier))
            }
        }
        #expect(throws: PayloadError(.badFormat, "")) {
            try LabelPayloadEncoder(format: LabelPayloadFormat(gs1HashAI: "91", gs1COIAI: "91", isbtLocalIdentifier: "&h"))
        }
        #expect(throws: PayloadError(.badFormat, "")) {
            try LabelPayloadEncoder(format: LabelPayloadFormat(gs1HashAI: "10", gs1COIAI: "91", isbtLocalIdentifier: "&h"))
        }
        #expect(throws: PayloadError(.badFormat, "")) {
            try LabelPayloadEncoder(format: LabelPayloadFormat(gs1HashAI: "91", gs1COIAI: "92", isbtLocalIdentifier: "=h"))
        }
    }

    @Test func gs1ProfileNeedsAGTIN() throws {
        var claim = try issued()
        claim.gtin = nil
        #expect(throws: PayloadError(.missingField, "")) { try LabelPayloadEncoder().encode(claim, profile: .gs1) }
    }

    @Test func labelForADINOfAnotherRecordCannotBeIssued() throws {
        let stranger = LabelParticulars(din: try DIN(identifier: "A999926000099"), serial: LabelSerial(1)!)
        #expect(throws: IdentityError(.invalidField, "")) { try LabelClaim.issue(for: CoreFixtures.record(), label: stranger) }
    }
}
