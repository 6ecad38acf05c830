import Testing
@testable import LabelgateCore

@Suite struct ISBT128SplitterTests {
    let splitter = ISBT128Splitter()

    /// ST-017 compound message example.
    static let st017Example = "=+04000=/A9997XYZ100T0479=A99991712345600=,000012=>019031"

    @Test func splitsTheST017CompoundMessageIntoFourStructuresAfterItsHeader() throws {
        let structures = try splitter.split(Self.st017Example)
        try #require(structures.count == 5)
        #expect(structures[0] == .compoundMessage(try CompoundMessage(count: 4)))
        #expect(structures[1] == .other(identifier: "=/", content: "A9997XYZ100T0479"))
        #expect(structures[2] == .din(try DIN(identifier: "A999917123456")))
        #expect(structures[3] == .other(identifier: "=,", content: "000012"))
        #expect(structures[4] == .other(identifier: "=>", content: "019031"))
        #expect(structures.dropFirst().map(\.dataIdentifier) == ["=/", "=", "=,", "=>"])
        #expect(structures.map(\.encoded).joined() == Self.st017Example)
    }

    @Test func splitsAConcatenatedDINAndProductCodePair() throws {
        let structures = try splitter.split("=A99971712345600=<S1234100")
        #expect(structures == [
            .din(try DIN(identifier: "A999717123456")),
            .productCode(try ProductCode(content: "S1234100")),
        ])
        guard case .productCode(let code)? = structures.last else {
            Issue.record("expected a product code")
            return
        }
        #expect(code.isAutologous)
    }

    @Test func splitsRawBytesTheSameAsText() throws {
        let text = "=A99971712345600=<S1234100"
        #expect(try splitter.split(Array(text.utf8)) == splitter.split(text))
    }

    @Test func splitsChainOfIdentityAndThreeCharacterIdentifiers() throws {
        let lot = "ABCDEFGHIJ12345678"
        let structures = try splitter.split("&/CHA999923AB12CD&,1" + lot + "&>0231231200")
        #expect(structures == [
            .chainOfIdentity(try ChainOfIdentityID(content: "CHA999923AB12CD")),
            .other(identifier: "&,1", content: lot),
            .other(identifier: "&>", content: "0231231200"),
        ])
    }

    @Test func splitsLengthPrefixedPatientIdentification() throws {
        let structures = try splitter.split("&#0105AB123=#0119801231")
        #expect(structures == [
            .other(identifier: "&#", content: "0105AB123"),
            .other(identifier: "=#", content: "0119801231"),
        ])
    }

    @Test func rejectsPatientIdentificationWithNonNumericLength() {
        #expect(throws: isbtError(.invalidContent)) { try splitter.split("&#01X5AB123") }
        #expect(throws: isbtError(.truncated)) { try splitter.split("&#0109AB123") }
    }

    @Test func splitsRegisteredLocalStructuresOnly() throws {
        let local = ISBT128Splitter(localStructureLengths: ["&h": 4, "=x": 3, "&q": -1, "&z": Int.max])
        #expect(local.localStructureLengths == ["&h": 4])
        #expect(try local.split("&hAB12=A99971712345600") == [
            .local(identifier: "&h", content: "AB12"),
            .din(try DIN(identifier: "A999717123456")),
        ])
        #expect(throws: isbtError(.unknownDataIdentifier)) { try splitter.split("&hAB12") }
        #expect(throws: isbtError(.unknownDataIdentifier)) { try local.split("&qAB12") }
        #expect(throws: isbtError(.unknownDataIdentifier)) { try local.split("&zAB12") }
    }

    @Test func rejectsEmptyInput() {
        #expect(throws: isbtError(.empty)) { try splitter.split("") }
        #expect(throws: isbtError(.empty)) { try splitter.split([UInt8]()) }
    }

    @Test func rejectsInputLongerThanTheLimit() throws {
        let din = "=A99971712345600"
        let tooMany = String(repeating: din, count: 257)
        #expect(throws: isbtError(.tooLong)) { try splitter.split(tooMany) }
        #expect(try splitter.split(String(repeating: din, count: 256)).count == 256)
    }

    @Test func rejectsControlAndNonASCIIBytes() {
        #expect(throws: isbtError(.invalidCharacter)) { try splitter.split("=A99971712345600\u{1D}=<S1234100") }
        #expect(throws: isbtError(.invalidCharacter)) { try splitter.split("=A99971712345600\r\n") }
        #expect(throws: isbtError(.invalidCharacter)) { try splitter.split([0x3D, 0xC3, 0xA9]) }
        #expect(throws: isbtError(.invalidCharacter)) { try splitter.split([0x00]) }
    }

    @Test func rejectsUnknownDataIdentifiers() {
        #expect(throws: isbtError(.unknownDataIdentifier)) { try splitter.split("=O9997171234560") }
        #expect(throws: isbtError(.unknownDataIdentifier)) { try splitter.split("=0999717123456") }
        #expect(throws: isbtError(.unknownDataIdentifier)) { try splitter.split("&;12345") }
        #expect(throws: isbtError(.unknownDataIdentifier)) { try splitter.split("&,9ABC") }
        #expect(throws: isbtError(.unknownDataIdentifier)) { try splitter.split("]C0=A99971712345600") }
        #expect(throws: isbtError(.unknownDataIdentifier)) { try splitter.split("=A99971712345600 =<S1234100") }
        #expect(throws: isbtError(.unknownDataIdentifier)) { try splitter.split("garbage") }
    }

    @Test func rejectsStructuresCutShort() {
        #expect(throws: isbtError(.truncated)) { try splitter.split("=") }
        #expect(throws: isbtError(.truncated)) { try splitter.split("&,") }
        #expect(throws: isbtError(.truncated)) { try splitter.split("=A999717123456") }
        #expect(throws: isbtError(.truncated)) { try splitter.split("=A99971712345600=<S12341") }
        #expect(throws: isbtError(.truncated)) { try splitter.split("&/CHA9999") }
    }

    @Test func rejectsInvalidContentInsideStructures() {
        #expect(throws: isbtError(.invalidContent)) { try splitter.split("=<s1234100") }
        #expect(throws: isbtError(.invalidContent)) { try splitter.split("=A99A71712345600") }
        #expect(throws: isbtError(.invalidContent)) { try splitter.split("=>01903X") }
        #expect(throws: isbtError(.invalidContent)) { try splitter.split("&/XXA999923AB12CD") }
        #expect(throws: isbtError(.badFlag)) { try splitter.split("=A9997171234560I") }
        #expect(throws: isbtError(.badCheckCharacter)) { try splitter.split("=G12341765432171") }
    }

    @Test func acceptsTypeThreeFlaggedDINInAScan() throws {
        #expect(try splitter.split("=G12341765432170") == [.din(try DIN(dataStructure: "=G12341765432170"))])
    }

    @Test func rejectsCompoundMessageWhoseCountDisagrees() {
        #expect(throws: isbtError(.badCompoundMessage)) { try splitter.split("=+03000=A99971712345600=<S1234100") }
        #expect(throws: isbtError(.badCompoundMessage)) { try splitter.split("=+01000=A99971712345600=<S1234100") }
        #expect(throws: isbtError(.badCompoundMessage)) { try splitter.split("=+01000") }
    }

    @Test func rejectsCompoundMessageHeaderThatIsNotFirst() {
        #expect(throws: isbtError(.badCompoundMessage)) { try splitter.split("=A99971712345600=+01000=<S1234100") }
    }

    @Test func rejectsLocalStructuresInsideCompoundMessages() {
        let local = ISBT128Splitter(localStructureLengths: ["&h": 4])
        #expect(throws: isbtError(.badCompoundMessage)) { try local.split("=+02000=A99971712345600&hAB12") }
    }

    @Test func errorReasonNamesTheFailingStructureWithoutEchoingTheScan() {
        do {
            _ = try splitter.split("=A99971712345600=<s1234100")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidContent)
            #expect(error.reason.contains("Product Code at position 17"))
            #expect(!error.reason.contains("A999717123456"))
        }
    }
}
