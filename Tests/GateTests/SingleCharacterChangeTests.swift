import Gate
import LabelgateCore
import PropertyBased
import Testing

/// The property the whole product rests on: any single-character change to a valid payload is refused.
@Suite struct SingleCharacterChangeTests {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=&/<>+%()*,;:-._ \u{1D}".utf8)

    @Test(arguments: LabelProfile.allCases)
    func anySingleCharacterSubstitutionIsRefused(profile: LabelProfile) async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: profile)
        let original = issued.payload.bytes
        #expect(await fixture.gate.accept(fixture.scan(issued), at: GateFixture.dock).isAccepted)
        await propertyCheck(
            count: 400, input: Gen.int(in: 0...(original.count - 1)), Gen.int(in: 0...(Self.alphabet.count - 1))
        ) { position, replacementIndex in
            var bytes = original
            let replacement = Self.alphabet[replacementIndex]
            guard bytes[position] != replacement else { return }
            bytes[position] = replacement
            let verdict = await fixture.gate.evaluateScan(
                Scan(bytes: bytes, aimIdentifier: issued.payload.aimIdentifier), at: GateFixture.dock)
            #expect(!verdict.isAccepted, "changing byte \(position) to \(replacement) was accepted")
        }
    }

    /// Exhaustive: every position, every printable ASCII character and GS.
    @Test(arguments: LabelProfile.allCases)
    func everySubstitutionAtEveryPositionIsRefused(profile: LabelProfile) async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: profile)
        let original = issued.payload.bytes
        let replacements = Array(UInt8(0x20)...UInt8(0x7E)) + [0x1D]
        var tried = 0
        for position in original.indices {
            for replacement in replacements where replacement != original[position] {
                var bytes = original
                bytes[position] = replacement
                let verdict = await fixture.gate.evaluateScan(
                    Scan(bytes: bytes, aimIdentifier: issued.payload.aimIdentifier), at: GateFixture.dock)
                #expect(!verdict.isAccepted, "byte \(position) → \(replacement) was accepted")
                tried += 1
            }
        }
        #expect(tried > 5000)
    }

    @Test(arguments: LabelProfile.allCases)
    func everyPositionDeletedOrDuplicatedIsRefused(profile: LabelProfile) async throws {
        let fixture = try await GateFixture()
        let issued = try await fixture.printedLabel(profile: profile)
        let original = issued.payload.bytes
        for position in original.indices {
            var deleted = original
            deleted.remove(at: position)
            var doubled = original
            doubled.insert(original[position], at: position)
            for bytes in [deleted, doubled] {
                let verdict = await fixture.gate.evaluateScan(
                    Scan(bytes: bytes, aimIdentifier: issued.payload.aimIdentifier), at: GateFixture.dock)
                #expect(!verdict.isAccepted, "edit at \(position) was accepted")
            }
        }
    }
}
