import Testing
@testable import LabelgateCore

@Suite struct ISBT128ErrorTests {
    @Test func comparesAndHashesByCodeOnly() {
        let first = ISBT128Error.badCheckCharacter(expected: "A", found: "B")
        let second = ISBT128Error(code: .badCheckCharacter, reason: "something else")
        #expect(first == second)
        #expect(Set([first, second]).count == 1)
        #expect(first != ISBT128Error.badFlag("x"))
    }

    @Test func codesHaveStableRawValues() {
        let codes: [(ISBT128Error.Code, String)] = [
            (.empty, "isbt.empty"), (.tooLong, "isbt.tooLong"), (.invalidCharacter, "isbt.invalidCharacter"),
            (.unknownDataIdentifier, "isbt.unknownDataIdentifier"), (.truncated, "isbt.truncated"),
            (.invalidContent, "isbt.invalidContent"), (.badCheckCharacter, "isbt.badCheckCharacter"),
            (.badFlag, "isbt.badFlag"), (.badCompoundMessage, "isbt.badCompoundMessage"),
            (.trailingData, "isbt.trailingData"),
        ]
        for (code, raw) in codes {
            #expect(code.rawValue == raw)
        }
    }

    @Test func descriptionStartsWithTheCode() {
        let error = ISBT128Error.truncated("DIN", expected: 15, found: 3)
        #expect(error.description.hasPrefix("isbt.truncated: "))
        #expect(error.reason.contains("15"))
    }

    @Test func describesControlBytesWithoutEmittingThem() {
        let error = ISBT128Error.invalidCharacter(0x1D, at: 4, in: "scan")
        #expect(error.reason.contains("0x1D"))
        #expect(!error.reason.contains("\u{1D}"))
    }
}
