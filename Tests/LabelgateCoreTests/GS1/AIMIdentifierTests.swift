import Testing
@testable import LabelgateCore

@Suite("AIM symbology identifiers")
struct AIMIdentifierTests {
    typealias F = GS1Fixtures

    @Test("splits and classifies each kind", arguments: [
        ("]C0", AIMIdentifier.Kind.code128, false),
        ("]C1", .gs1_128, true),
        ("]C2", .code128, false),
        ("]C4", .isbtConcatenated, false),
        ("]d1", .dataMatrix, false),
        ("]d2", .gs1DataMatrix, true),
        ("]d5", .gs1DataMatrix, true),
        ("]Q1", .qr, false),
        ("]Q3", .gs1QR, true),
        ("]E0", .ean, false),
        ("]E4", .ean, false),
        ("]e0", .gs1DataBar, true),
        ("]e3", .gs1DataBar, false),
        ("]z0", .aztec, false),
        ("]J1", .other, true),
        ("]A0", .other, false),
        ("]I1", .other, false),
        ("]X0", .other, false),
        // Modifiers ISO/IEC 15424 does not assign belong to no family.
        ("]d7", .other, false),
        ("]dK", .other, false),
        ("]C9", .other, false),
        ("]Q9", .other, false),
    ])
    func splitsAndClassifiesEachKind(prefix: String, kind: AIMIdentifier.Kind, gs1: Bool) throws {
        let (identifier, rest) = try AIMIdentifier.split(F.bytes(prefix + "0109506000134352"))
        let id = try #require(identifier)
        #expect(id.description == prefix)
        #expect(id.kind == kind)
        #expect(id.impliesGS1 == gs1)
        #expect(rest == F.bytes("0109506000134352"))
    }

    @Test func returnsDataUnchangedWhenThereIsNoIdentifier() throws {
        let data = F.bytes("=A99992512345600")
        let (identifier, rest) = try AIMIdentifier.split(data)
        #expect(identifier == nil)
        #expect(rest == data)
        let (none, empty) = try AIMIdentifier.split([])
        #expect(none == nil && empty.isEmpty)
    }

    @Test func splitsIdentifierWithNoDataAfterIt() throws {
        let (identifier, rest) = try AIMIdentifier.split(F.bytes("]d2"))
        #expect(identifier?.kind == .gs1DataMatrix)
        #expect(rest.isEmpty)
    }

    @Test("rejects malformed identifiers", arguments: [
        [UInt8(0x5D)], [0x5D, 0x43], [0x5D, 0x43, 0x2D], [0x5D, 0x2D, 0x31], [0x5D, 0x43, 0x1D, 0x31],
        [0x5D, 0xC3, 0xA9, 0x31], [0x5D, 0x5D, 0x31],
    ])
    func rejectsMalformedIdentifier(bytes: [UInt8]) {
        #expect(throws: F.aimError(.malformed)) { try AIMIdentifier.split(bytes) }
    }

    @Test func requireSplitReportsMissingIdentifier() throws {
        #expect(throws: F.aimError(.missing)) { try AIMIdentifier.requireSplit(F.bytes("0109506000134352")) }
        let (identifier, _) = try AIMIdentifier.requireSplit(F.bytes("]C4=A9999"))
        #expect(identifier.impliesISBTConcatenation)
    }

    @Test func parsesTextForm() throws {
        let identifier = try AIMIdentifier("]Q3")
        #expect(identifier.symbology == "Q")
        #expect(identifier.modifier == "3")
        #expect(identifier == (try AIMIdentifier(symbology: "Q", modifier: "3")))
        #expect(identifier.bytes == F.bytes("]Q3"))
    }

    @Test("rejects malformed text forms", arguments: ["", "]", "Q3", "]Q", "]Q3x", "[Q3", "]Q-", "]é3"])
    func rejectsMalformedTextForm(text: String) {
        #expect(throws: F.aimError(.malformed)) { try AIMIdentifier(text) }
    }

    @Test func rejectsNonAlphanumericCharacters() {
        #expect(throws: F.aimError(.malformed)) { try AIMIdentifier(symbology: "é", modifier: "1") }
        #expect(throws: F.aimError(.malformed)) { try AIMIdentifier(symbology: "C", modifier: "-") }
    }

    @Test func namesKnownIdentifiers() throws {
        #expect(try AIMIdentifier("]C4").name.contains("ISBT"))
        #expect(try AIMIdentifier("]d2").name.contains("GS1 DataMatrix"))
        #expect(try AIMIdentifier("]d2").isKnown)
        #expect(try !AIMIdentifier("]W7").isKnown)
        #expect(try AIMIdentifier("]W7").name.contains("W"))
        for (text, name) in AIMIdentifier.knownNames {
            let identifier = try AIMIdentifier(text)
            #expect(identifier.description == text)
            #expect(!name.isEmpty)
        }
    }

    @Test func errorsCompareByCodeOnlyAndHaveStableCodes() {
        #expect(AIMError.malformed("a") == AIMError.malformed("b"))
        #expect(AIMError.malformed("a") != AIMError.missing())
        #expect(AIMError.Code.malformed.rawValue == "aim.malformed")
        #expect(AIMError.missing().description.hasPrefix("aim.missing: "))
    }
}
