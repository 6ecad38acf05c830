import Testing
@testable import LabelgateCore

@Suite struct DINFlagsTests {
    @Test func decodesEachFlagClass() throws {
        let expectations: [(String, DINFlags)] = [
            ("00", .notUsed),
            ("01", .containerOfSet(1)), ("04", .containerOfSet(4)),
            ("15", .containerOfSet(5)), ("19", .containerOfSet(9)),
            ("05", .repeatedDemandPrinted),
            ("06", .processControl(6)), ("12", .processControl(12)), ("13", .processControl(13)),
            ("14", .processControl(14)),
            ("20", .local(20)), ("59", .local(59)),
            ("60", .checkValue(0)), ("70", .checkValue(10)), ("96", .checkValue(36)),
            ("97", .reserved("97")), ("99", .reserved("99")),
            ("A1", .reserved("A1")), ("YY", .reserved("YY")), ("0P", .reserved("0P")),
        ]
        for (text, flags) in expectations {
            #expect(try DINFlags(encoded: text) == flags, "\(text)")
            #expect(flags.encoded == text, "\(text)")
        }
    }

    @Test func roundTripsEveryValidTwoCharacterFlag() throws {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPRSTUVWXY")
        for first in alphabet {
            for second in alphabet {
                let text = String([first, second])
                let flags = try DINFlags(encoded: text)
                #expect(flags.isEncodable, "\(text)")
                #expect(flags.encoded == text, "\(text)")
            }
        }
    }

    @Test func rejectsFlagCharactersOutsideTheFlagAlphabet() {
        for text in ["0I", "O0", "Q1", "1Z", "a1", "0-", "0 "] {
            #expect(throws: isbtError(.badFlag), "\(text)") { try DINFlags(encoded: text) }
        }
    }

    @Test func rejectsFlagsOfTheWrongLength() {
        for text in ["", "0", "000"] {
            #expect(throws: isbtError(.badFlag), "\(text)") { try DINFlags(encoded: text) }
        }
    }

    @Test func reportsOutOfRangeAssociatedValuesAsNotEncodable() {
        let invalid: [DINFlags] = [
            .containerOfSet(0), .containerOfSet(10), .processControl(5), .processControl(15), .local(19),
            .local(60), .checkValue(-1), .checkValue(37), .reserved("05"), .reserved("I0"), .reserved("ABC"),
        ]
        for flags in invalid {
            #expect(!flags.isEncodable, "\(flags)")
            #expect(flags.encoded == "00", "\(flags)")
        }
    }

    @Test func classifiesTypeOneFlags() {
        #expect(DINFlags.containerOfSet(2).isTypeOne)
        #expect(DINFlags.repeatedDemandPrinted.isTypeOne)
        #expect(DINFlags.processControl(12).isTypeOne)
        #expect(!DINFlags.local(20).isTypeOne)
        #expect(!DINFlags.checkValue(3).isTypeOne)
        #expect(!DINFlags.notUsed.isTypeOne)
    }
}
