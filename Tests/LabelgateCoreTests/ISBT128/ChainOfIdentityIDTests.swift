import Testing
@testable import LabelgateCore

@Suite struct ChainOfIdentityIDTests {
    @Test func parsesAndFormatsTheDataStructure() throws {
        let coi = try ChainOfIdentityID(dataStructure: "&/CHA999923AB12CD")
        #expect(coi.facility == "A9999")
        #expect(coi.year == "23")
        #expect(coi.serial == "AB12CD")
        #expect(coi.content == "CHA999923AB12CD")
        #expect(coi.dataStructure == "&/CHA999923AB12CD")
        #expect(coi.humanReadable == "CH A9999 23 AB12CD")
        #expect(try ChainOfIdentityID(content: coi.content) == coi)
    }

    @Test func checkCharacterExcludingCHCoversThirteenCharacters() throws {
        let coi = try ChainOfIdentityID(content: "CHA999923AB12CD")
        #expect(coi.checkCharacter(scope: .excludingCH) == "*")
        #expect(coi.checkCharacter(scope: .excludingCH) == (try ISO7064Mod37_2.checkCharacter(for: "A999923AB12CD")))
    }

    @Test func checkCharacterIncludingCHCoversAllFifteenCharacters() throws {
        let coi = try ChainOfIdentityID(content: "CHA999923AB12CD")
        #expect(coi.checkCharacter(scope: .includingCH) == "R")
        #expect(coi.checkCharacter(scope: .includingCH) == (try ISO7064Mod37_2.checkCharacter(for: "CHA999923AB12CD")))
    }

    @Test func defaultCheckScopeExcludesCH() throws {
        let coi = try ChainOfIdentityID(content: "CHA999923AB12CD")
        #expect(ChainOfIdentityID.CheckScope.default == .excludingCH)
        #expect(coi.checkCharacter() == coi.checkCharacter(scope: .excludingCH))
    }

    @Test func verifiesKeyboardEntryUnderTheChosenScope() throws {
        #expect(try ChainOfIdentityID.verifyKeyboardEntry("CHA999923AB12CD*").serial == "AB12CD")
        #expect(try ChainOfIdentityID.verifyKeyboardEntry("CHA999923AB12CDR", scope: .includingCH).year == "23")
        #expect(throws: isbtError(.badCheckCharacter)) { try ChainOfIdentityID.verifyKeyboardEntry("CHA999923AB12CDR") }
    }

    @Test func rejectsContentWithoutCHPrefix() {
        #expect(throws: isbtError(.invalidContent)) { try ChainOfIdentityID(content: "XHA999923AB12CD") }
        #expect(throws: isbtError(.invalidContent)) { try ChainOfIdentityID(content: "chA999923AB12CD") }
    }

    @Test func enforcesIssuerYearAndSerialCharacterRules() {
        #expect(throws: isbtError(.invalidContent)) { try ChainOfIdentityID(content: "CHO999923AB12CD") }
        #expect(throws: isbtError(.invalidContent)) { try ChainOfIdentityID(content: "CHA99A923AB12CD") }
        #expect(throws: isbtError(.invalidContent)) { try ChainOfIdentityID(content: "CHA9999X3AB12CD") }
        #expect(throws: isbtError(.invalidContent)) { try ChainOfIdentityID(content: "CHA999923ab12cd") }
        #expect(throws: isbtError(.invalidContent)) { try ChainOfIdentityID(content: "CHA999923AB-2CD") }
    }

    @Test func rejectsWrongLengthsAndIdentifiers() {
        #expect(throws: isbtError(.truncated)) { try ChainOfIdentityID(content: "CHA999923AB12C") }
        #expect(throws: isbtError(.trailingData)) { try ChainOfIdentityID(content: "CHA999923AB12CDE") }
        #expect(throws: isbtError(.invalidContent)) { try ChainOfIdentityID(dataStructure: "=/CHA999923AB12CD") }
        #expect(throws: isbtError(.truncated)) { try ChainOfIdentityID(dataStructure: "&/CHA999923AB12C") }
        #expect(throws: isbtError(.empty)) { try ChainOfIdentityID(dataStructure: "") }
    }
}
