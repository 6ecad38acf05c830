import Testing
@testable import LabelgateCore

@Suite struct DINTests {
    @Test func parsesAndFormatsTheDataStructure() throws {
        let din = try DIN(dataStructure: "=A99981812345600")
        #expect(din.facility == "A9998")
        #expect(din.year == "18")
        #expect(din.sequence == "123456")
        #expect(din.flags == .notUsed)
        #expect(din.identifier == "A999818123456")
        #expect(din.humanReadable == "A9998 18 123456")
        #expect(din.checkCharacter == "N")
        #expect(din.checkValue == 23)
        #expect(din.dataStructure == "=A99981812345600")
        #expect(try DIN(dataStructure: din.dataStructure) == din)
    }

    @Test func keyboardCheckCharacterMatchesEveryPublishedVector() throws {
        for vector in ISO7064Mod37_2Tests.publishedVectors {
            #expect(try DIN(identifier: vector.din).checkCharacter == vector.check, "\(vector.din)")
        }
    }

    @Test func encodesTypeThreeFlagAsSixtyPlusCheckValue() throws {
        let din = try DIN(identifier: "G123417654321").with(flags: .checkValue(0))
        #expect(din.flags == .checkValue(10))
        #expect(din.dataStructure == "=G12341765432170")
        for vector in ISO7064Mod37_2Tests.publishedVectors {
            let flagged = try DIN(identifier: vector.din).with(flags: .checkValue(0))
            #expect(flagged.flags.encoded == "\(60 + vector.value)", "\(vector.din)")
        }
    }

    @Test func acceptsTypeThreeFlagThatAgreesWithCheckCharacter() throws {
        let din = try DIN(dataStructure: "=G12341765432170")
        #expect(din.flags == .checkValue(10))
        #expect(din.checkCharacter == "A")
        #expect(try DIN(identifier: "G123417654321", flags: .checkValue(10)) == din)
    }

    @Test func rejectsTypeThreeFlagThatDisagreesWithCheckCharacter() {
        #expect(throws: isbtError(.badCheckCharacter)) { try DIN(dataStructure: "=G12341765432171") }
        #expect(throws: isbtError(.badCheckCharacter)) { try DIN(dataStructure: "=G12341765432196") }
        #expect(throws: isbtError(.badCheckCharacter)) {
            try DIN(identifier: "G123417654321", flags: .checkValue(11))
        }
    }

    @Test func parsesEachFlagClassInTheDataStructure() throws {
        let cases: [(String, DINFlags)] = [
            ("00", .notUsed), ("03", .containerOfSet(3)), ("17", .containerOfSet(7)),
            ("05", .repeatedDemandPrinted), ("12", .processControl(12)), ("42", .local(42)),
            ("83", .checkValue(23)), ("98", .reserved("98")), ("AB", .reserved("AB")),
        ]
        for (flagText, flags) in cases {
            let din = try DIN(dataStructure: "=A999818123456" + flagText)
            #expect(din.flags == flags, "\(flagText)")
            #expect(din.dataStructure == "=A999818123456" + flagText)
        }
    }

    @Test func rejectsLetterOAndDigitZeroAsFacilityLead() {
        #expect(throws: isbtError(.invalidContent)) { try DIN(identifier: "O999818123456") }
        #expect(throws: isbtError(.invalidContent)) { try DIN(identifier: "0999818123456") }
        #expect(throws: isbtError(.invalidContent)) { try DIN(dataStructure: "=O99981812345600") }
    }

    @Test func enforcesFacilityYearAndSequenceCharacterRules() throws {
        #expect(try DIN(identifier: "1AB9818123456").facility == "1AB98")
        #expect(throws: isbtError(.invalidContent)) { try DIN(identifier: "AO99818123456") }
        #expect(throws: isbtError(.invalidContent)) { try DIN(identifier: "A99A818123456") }
        #expect(throws: isbtError(.invalidContent)) { try DIN(identifier: "A9998A8123456") }
        #expect(throws: isbtError(.invalidContent)) { try DIN(identifier: "A99981812345X") }
        #expect(throws: isbtError(.invalidContent)) { try DIN(identifier: "a999818123456") }
        #expect(throws: isbtError(.invalidContent)) { try DIN(identifier: "A9998 8123456") }
    }

    @Test func rejectsWrongLengthsWithTruncatedOrTrailingData() {
        #expect(throws: isbtError(.empty)) { try DIN(identifier: "") }
        #expect(throws: isbtError(.truncated)) { try DIN(identifier: "A99981812345") }
        #expect(throws: isbtError(.trailingData)) { try DIN(identifier: "A9998181234567") }
        #expect(throws: isbtError(.truncated)) { try DIN(dataStructure: "=A999818123456") }
        #expect(throws: isbtError(.trailingData)) { try DIN(dataStructure: "=A99981812345600=") }
        #expect(throws: isbtError(.invalidContent)) { try DIN(dataStructure: "A99981812345600X") }
    }

    @Test func rejectsControlAndNonASCIICharacters() {
        #expect(throws: isbtError(.invalidCharacter)) { try DIN(identifier: "A9998\u{1D}18123456") }
        #expect(throws: isbtError(.invalidCharacter)) { try DIN(identifier: "A9998é123456") }
    }

    @Test func rejectsFlagsThatCannotBeEncoded() {
        #expect(throws: isbtError(.badFlag)) { try DIN(identifier: "A999818123456", flags: .containerOfSet(12)) }
        #expect(throws: isbtError(.badFlag)) { try DIN(dataStructure: "=A9998181234560I") }
    }

    @Test func withFlagsRecomputesTypeThreeAndDropsUnencodableFlags() throws {
        let din = try DIN(identifier: "A999818123456")
        #expect(din.with(flags: .checkValue(5)).flags == .checkValue(23))
        #expect(din.with(flags: .containerOfSet(2)).dataStructure == "=A99981812345602")
        #expect(din.with(flags: .containerOfSet(6)).dataStructure == "=A99981812345616")
        #expect(din.with(flags: .containerOfSet(42)).flags == .notUsed)
        #expect(din.with(flags: .local(21)).identifier == din.identifier)
    }

    @Test func equalityIncludesFlagsButIdentifierDoesNot() throws {
        let first = try DIN(identifier: "A999818123456", flags: .containerOfSet(1))
        let second = try DIN(identifier: "A999818123456", flags: .containerOfSet(2))
        #expect(first != second)
        #expect(first.identifier == second.identifier)
    }

    @Test func verifiesKeyboardEntryWithCorrectCheckCharacter() throws {
        for vector in ISO7064Mod37_2Tests.publishedVectors {
            let din = try DIN.verifyKeyboardEntry(vector.din + String(vector.check))
            #expect(din.identifier == vector.din)
            #expect(din.flags == .notUsed)
        }
    }

    @Test func rejectsKeyboardEntryWithWrongCheckCharacter() {
        #expect(throws: isbtError(.badCheckCharacter)) { try DIN.verifyKeyboardEntry("A999818123456M") }
        #expect(throws: isbtError(.badCheckCharacter)) { try DIN.verifyKeyboardEntry("A999818123465N") }
        #expect(throws: isbtError(.truncated)) { try DIN.verifyKeyboardEntry("A999818123456") }
        #expect(throws: isbtError(.trailingData)) { try DIN.verifyKeyboardEntry("A999818123456N8") }
    }

    @Test func badCheckCharacterReasonNamesBothCharacters() {
        do {
            _ = try DIN.verifyKeyboardEntry("A999818123456M")
            Issue.record("expected an error")
        } catch {
            #expect(error.reason.contains("'M'"))
            #expect(error.reason.contains("'N'"))
            #expect(!error.reason.contains("A999818123456"))
        }
    }
}
