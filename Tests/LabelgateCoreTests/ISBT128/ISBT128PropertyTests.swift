import PropertyBased
import Testing
@testable import LabelgateCore

@Suite struct ISBT128PropertyTests {
    static let facilityLead = Gen<Character?>.element(of: Array("ABCDEFGHIJKLMNPQRSTUVWXYZ123456789")).map { $0 ?? "A" }
    static let facilityMiddle = Gen<Character?>.element(of: Array("ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789"))
        .map { $0 ?? "0" }
    static let checkAlphabet = Gen<Character?>.element(of: ISO7064Mod37_2.alphabet).map { $0 ?? "*" }
    static let isbtLike = Gen<Character?>.element(of: Array("=&<>+/,#%:;*}(ABCSXh0123456789")).map { $0 ?? "=" }

    @Test func randomValidDINsRoundTripThroughTheDataStructure() async {
        await propertyCheck(
            count: 300, input: Self.facilityLead, Self.facilityMiddle.string(of: 2), Gen.number.string(of: 10),
            Gen.int(in: 0...99)
        ) { lead, middle, digits, flagNumber in
            let identifier = String(lead) + middle + digits
            let flagText = flagNumber < 10 ? "0\(flagNumber)" : "\(flagNumber)"
            do {
                let flags = try DINFlags(encoded: flagText)
                let din = try DIN(identifier: identifier).with(flags: flags)
                let parsed = try DIN(dataStructure: din.dataStructure)
                #expect(parsed == din)
                #expect(parsed.identifier == identifier)
                #expect(parsed.dataStructure.count == 16)
                #expect(try ISBT128Splitter().split(din.dataStructure) == [.din(din)])
            } catch {
                Issue.record("valid DIN \(identifier) flags \(flagText) failed: \(error)")
            }
        }
    }

    @Test func everySingleSubstitutionInKeyboardEntryIsDetected() async {
        await propertyCheck(
            count: 300, input: Self.facilityLead, Self.facilityMiddle.string(of: 2), Gen.number.string(of: 10),
            Gen.int(in: 0...13), Self.checkAlphabet
        ) { lead, middle, digits, position, replacement in
            let identifier = String(lead) + middle + digits
            guard let din = try? DIN(identifier: identifier) else {
                Issue.record("valid DIN \(identifier) was rejected")
                return
            }
            var entry = Array(identifier + String(din.checkCharacter))
            guard entry.indices.contains(position), entry[position] != replacement else { return }
            entry[position] = replacement
            #expect(throws: ISBT128Error.self) { try DIN.verifyKeyboardEntry(String(entry)) }
        }
    }

    @Test func exhaustiveSubstitutionsOfPublishedVectorsAreDetected() throws {
        for vector in ISO7064Mod37_2Tests.publishedVectors {
            let entry = Array(vector.din + String(vector.check))
            for position in entry.indices {
                for replacement in ISO7064Mod37_2.alphabet where replacement != entry[position] {
                    var mutated = entry
                    mutated[position] = replacement
                    #expect(isbtErrorCode { () throws(ISBT128Error) in
                        try DIN.verifyKeyboardEntry(String(mutated))
                    } != nil, "\(String(mutated))")
                }
            }
        }
    }

    @Test func randomBytesNeverCrashTheSplitter() async {
        await propertyCheck(count: 500, input: Gen<UInt8>.value(in: 0...255).array(of: 0...80)) { bytes in
            Self.splitWithoutCrash(bytes)
        }
    }

    @Test func randomISBTLikeTextNeverCrashesAndSplitsLosslessly() async {
        let local = ISBT128Splitter(localStructureLengths: ["&h": 3])
        await propertyCheck(count: 500, input: Self.isbtLike.string(of: 0...60)) { text in
            if let structures = try? local.split(text) {
                #expect(structures.map(\.encoded).joined() == text)
            }
        }
    }

    @Test func mutatedValidScansNeverCrashAndSplitLosslessly() async {
        let scan = Array(ISBT128SplitterTests.st017Example.utf8)
        await propertyCheck(
            count: 500, input: Gen.int(in: 0...(scan.count - 1)), Gen<UInt8>.value(in: 0...255),
            Gen.int(in: 0...scan.count)
        ) { position, byte, cut in
            var mutated = scan
            if mutated.indices.contains(position) { mutated[position] = byte }
            let truncated = Array(mutated.prefix(cut))
            Self.splitWithoutCrash(truncated)
            if let structures = try? ISBT128Splitter().split(truncated) {
                #expect(Array(structures.map(\.encoded).joined().utf8) == truncated)
            }
        }
    }

    /// Splits and checks that a failure is always a typed error with a non-empty reason.
    static func splitWithoutCrash(_ bytes: [UInt8]) {
        do {
            _ = try ISBT128Splitter().split(bytes)
        } catch {
            #expect(!error.reason.isEmpty)
        }
    }
}
