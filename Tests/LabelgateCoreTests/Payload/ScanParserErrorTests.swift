import PropertyBased
import Testing

@testable import LabelgateCore

@Suite struct ScanParserErrorTests {
    let parser = ScanParser()

    func code(_ scan: Scan) -> ClaimError.Code? {
        do {
            _ = try parser.parse(scan)
            return nil
        } catch {
            return error.code
        }
    }

    func validISBT() throws -> [UInt8] {
        let claim = try LabelClaim.issue(for: CoreFixtures.record(), label: CoreFixtures.label())
        return try LabelPayloadEncoder().encode(claim, profile: .isbt).bytes
    }

    @Test func emptyAndOversizedScansAreTypedErrors() {
        #expect(code(Scan(bytes: [])) == .empty)
        #expect(code(Scan(bytes: Array("]d2".utf8))) == .empty)
        #expect(code(Scan(bytes: [UInt8](repeating: 0x41, count: 4097))) == .tooLong)
    }

    @Test func invalidUTF8AndControlCharactersAreRefused() throws {
        #expect(code(Scan(bytes: [0x3D, 0xC3, 0x28])) == .invalidUTF8)
        #expect(code(Scan(bytes: try validISBT() + [0x0D])) == .controlCharacter)
        #expect(code(Scan(bytes: [0x3D, 0x00, 0x41])) == .controlCharacter)
    }

    @Test func linearDINAloneIsInsufficient() {
        #expect(code(Scan(text: "=A99992600000100", aimIdentifier: "]C0")) == .insufficient)
        #expect(code(Scan(text: "]C4=A99992600000100=<S1234100")) == .insufficient)
        #expect(code(Scan(text: "0109506000134352", aimIdentifier: "]C1")) == .insufficient)
        #expect(code(Scan(text: "9506000134352", aimIdentifier: "]E0")) == .insufficient)
    }

    @Test func wrongCheckCharactersAndDigitsAreNamed() {
        #expect(code(Scan(text: "=G12341765432171", aimIdentifier: "]C0")) == .badCheckCharacter)
        #expect(code(Scan(text: "(01)09506000134353(21)1")) == .badCheckDigit)
    }

    @Test func truncatedStructuresAreNamed() throws {
        let bytes = try validISBT()
        #expect(code(Scan(bytes: Array(bytes.prefix(bytes.count - 1)), aimIdentifier: "]d1")) != nil)
        #expect(code(Scan(text: "=A999926000", aimIdentifier: "]C0")) == .truncated)
    }

    @Test func unknownFormatsAreNamed() {
        #expect(code(Scan(text: "hello world")) == .unknownFormat)
        #expect(code(Scan(text: "ABC", aimIdentifier: "]z0")) == .unknownFormat)
        #expect(code(Scan(text: "]")) == .unknownFormat)
    }

    /// Identifiers ISO/IEC 15424 does not assign are no scanner's: refused, whatever follows them, inline or given.
    @Test(arguments: ["]d7", "]dK", "]dZ", "]C9", "]Q9", "]e9"])
    func unassignedAIMIdentifiersFailClosed(aim: String) throws {
        let payload = String(decoding: try validISBT(), as: UTF8.self)
        #expect(code(Scan(text: payload, aimIdentifier: aim)) == .unknownFormat)
        #expect(code(Scan(text: aim + payload)) == .unknownFormat)
        #expect(code(Scan(text: aim + "https://id.example.org/01/09506000134352/21/7")) == .unknownFormat)
        // The same payload under the identifier a scanner really sends is read.
        #expect(code(Scan(text: payload, aimIdentifier: "]d1")) == nil)
    }

    @Test func aURLUnderALinearNonGS1SymbologyIsRefused() {
        #expect(code(Scan(text: "]A0https://id.example.org/01/09506000134352/21/7")) == .unknownFormat)
    }

    @Test func hashOfWrongAlphabetOrVersionIsNamed() throws {
        var text = String(decoding: try validISBT(), as: UTF8.self)
        let hashStart = text.index(text.endIndex, offsetBy: -32)
        text.replaceSubrange(hashStart..<text.index(after: hashStart), with: "1")
        #expect(code(Scan(text: text, aimIdentifier: "]d1")) == .badHash)
        let version = String(decoding: try validISBT(), as: UTF8.self).replacingOccurrences(of: "&h1", with: "&h7")
        #expect(code(Scan(text: version, aimIdentifier: "]d1")) == .unsupportedVersion)
    }

    @Test func gs1PayloadMustCarryExactlyTheProfileElements() throws {
        let claim = try LabelClaim.issue(for: CoreFixtures.record(), label: CoreFixtures.label())
        let text = try LabelPayloadEncoder().encode(claim, profile: .gs1).text
        // GTIN moved from AI 01 to AI 02: the GTIN would silently vanish from the claim.
        #expect(code(Scan(text: "02" + text.dropFirst(2), aimIdentifier: "]d2")) == .truncated)
        #expect(code(Scan(text: text + "\u{1D}99EXTRA", aimIdentifier: "]d2")) == .malformed)
    }

    @Test func isbtPayloadMustCarryExactlyTheProfileStructures() throws {
        let text = String(decoding: try validISBT(), as: UTF8.self)
        #expect(code(Scan(text: "=%5100" + text, aimIdentifier: "]d1")) == .malformed)
    }

    @Test func duplicatedStructuresAreRefused() throws {
        let text = String(decoding: try validISBT(), as: UTF8.self)
        #expect(code(Scan(text: "=<S1234100" + text, aimIdentifier: "]d1")) == .malformed)
    }

    @Test func randomBytesNeverCrashTheParser() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...255).array(of: 0...80)) { ints in
            _ = code(Scan(bytes: ints.map { UInt8($0) }))
        }
    }

    @Test func randomPrintableTextWithAIMsNeverCrashes() async {
        let aims = ["]d1", "]d2", "]C0", "]C1", "]C4", "]Q1", "]Q3", "]e0", "]E0", ""]
        await propertyCheck(count: 1000, input: Gen.element(of: aims), Gen.int(in: 0x1D...0x7E).array(of: 0...60)) {
            aim, ints in
            _ = code(Scan(bytes: Array((aim ?? "").utf8) + ints.map { UInt8($0) }))
        }
    }
}
