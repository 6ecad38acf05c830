import Testing
@testable import LabelgateCore

@Suite("GS1 application identifier table")
struct GS1ApplicationIdentifierTests {
    @Test func everyTableRowIsReadable() {
        #expect(GS1ApplicationIdentifierTable.unreadableRows.isEmpty)
        #expect(GS1ApplicationIdentifierTable.byCode.count == GS1ApplicationIdentifierTable.rows.count)
    }

    @Test func prefixTableAgreesWithEveryIdentifierLength() {
        for (code, ai) in GS1ApplicationIdentifierTable.byCode {
            #expect(GS1ApplicationIdentifier.aiLength(forPrefix: code) == code.count, "AI \(code)")
            #expect(ai.code == code)
            #expect(GS1ApplicationIdentifier.identify(atStartOf: code + "123456") == ai, "AI \(code)")
        }
    }

    @Test("supports the identifiers labelgate relies on", arguments: [
        "00", "01", "02", "10", "11", "15", "17", "20", "21", "240", "241", "250", "7003", "7240", "8003", "8004",
        "8017", "8018", "8019", "8030", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99", "3103", "3923",
    ])
    func supportsRequiredIdentifier(code: String) {
        #expect(GS1ApplicationIdentifier.lookup(code) != nil)
    }

    @Test func resolvesIdentifierLengthFromPrefix() {
        #expect(GS1ApplicationIdentifier.aiLength(forPrefix: "2401") == 3)
        #expect(GS1ApplicationIdentifier.aiLength(forPrefix: "70032512") == 4)
        #expect(GS1ApplicationIdentifier.aiLength(forPrefix: "8018") == 4)
        #expect(GS1ApplicationIdentifier.aiLength(forPrefix: "01") == 2)
        #expect(GS1ApplicationIdentifier.aiLength(forPrefix: "05") == nil)
        #expect(GS1ApplicationIdentifier.aiLength(forPrefix: "0") == nil)
        #expect(GS1ApplicationIdentifier.aiLength(forPrefix: "X1") == nil)
        #expect(GS1ApplicationIdentifier.identify(atStartOf: "8018795") == GS1ApplicationIdentifier.lookup("8018"))
        #expect(GS1ApplicationIdentifier.identify(atStartOf: "80") == nil)
    }

    @Test func describesFixedAndVariableFormats() throws {
        let gtin = try #require(GS1ApplicationIdentifier.lookup("01"))
        #expect(gtin.title == "GTIN")
        #expect(gtin.fixedLength == 14)
        #expect(gtin.characterSet == .numeric)
        #expect(gtin.checkDigitRange == 0..<14)
        #expect(gtin.isPredefinedLength)
        #expect(gtin.digitalLinkQualifiers == [["22", "10", "21"], ["235"]])

        let batch = try #require(GS1ApplicationIdentifier.lookup("10"))
        #expect(batch.fixedLength == nil)
        #expect(batch.maxLength == 20)
        #expect(batch.characterSet == .cset82)
        #expect(!batch.isPredefinedLength)
        #expect(!batch.hasCheckDigit)

        let grai = try #require(GS1ApplicationIdentifier.lookup("8003"))
        #expect(grai.checkDigitRange == 1..<14)
        #expect(grai.minLength == 14)
        #expect(grai.maxLength == 30)
        #expect(grai.format == "N1 N13 [X..16]")

        let gsrn = try #require(GS1ApplicationIdentifier.lookup("8018"))
        #expect(gsrn.fixedLength == 18)
        #expect(!gsrn.isPredefinedLength)
        #expect(gsrn.hasCheckDigit)
        #expect(gsrn.digitalLinkQualifiers == [["8019"]])

        #expect(GS1ApplicationIdentifier.lookup("8030")?.characterSet == .base64url)
        #expect(GS1ApplicationIdentifier.lookup("90")?.maxLength == 30)
        #expect(GS1ApplicationIdentifier.lookup("97")?.maxLength == 90)
        #expect(GS1ApplicationIdentifier.lookup("8010")?.characterSet == .cset39)
    }

    @Test func describesDateFormats() {
        #expect(GS1ApplicationIdentifier.lookup("17")?.dateFormat == .yymmd0)
        #expect(GS1ApplicationIdentifier.lookup("11")?.dateFormat == .yymmd0)
        #expect(GS1ApplicationIdentifier.lookup("7003")?.dateFormat == .yymmddhhmi)
        #expect(GS1ApplicationIdentifier.lookup("7250")?.dateFormat == .yyyymmdd)
        #expect(GS1ApplicationIdentifier.lookup("8008")?.dateFormat == .yymmddhh)
        #expect(GS1ApplicationIdentifier.lookup("10")?.dateFormat == nil)
    }

    @Test func listsPredefinedLengthIdentifiers() {
        let predefined = ["00", "01", "02", "03", "11", "12", "13", "15", "16", "17", "20", "3103", "410", "417"]
        for code in predefined {
            #expect(GS1ApplicationIdentifier.lookup(code)?.isPredefinedLength == true, "AI \(code)")
        }
        for code in ["10", "21", "240", "7003", "8018", "8030", "90"] {
            #expect(GS1ApplicationIdentifier.lookup(code)?.isPredefinedLength == false, "AI \(code)")
        }
    }

    @Test func lookupRejectsOddInput() {
        #expect(GS1ApplicationIdentifier.lookup("") == nil)
        #expect(GS1ApplicationIdentifier.lookup("1") == nil)
        #expect(GS1ApplicationIdentifier.lookup("01234") == nil)
        #expect(GS1ApplicationIdentifier.lookup("0١") == nil)
    }

    @Test func characterSetsHaveTheirDocumentedSizes() {
        let all = (0...255).map { UInt8($0) }
        #expect(all.filter(GS1CharacterSet.cset82.contains).count == 82)
        #expect(all.filter(GS1CharacterSet.cset39.contains).count == 39)
        #expect(all.filter(GS1CharacterSet.base64url.contains).count == 64)
        #expect(all.filter(GS1CharacterSet.numeric.contains).count == 10)
    }
}
