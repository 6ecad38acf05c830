import Testing

@testable import LabelgateCore

@Suite struct IdentityHashTests {
    @Test func hashCarriesAtLeast128BitsAsBase32() throws {
        let hash = try IdentityHash.compute(for: CoreFixtures.record(), label: CoreFixtures.label())
        #expect(hash.bytes.count * 8 >= 128)
        #expect(hash.text.count == IdentityHash.textLength)
        #expect(try IdentityHash(text: hash.text) == hash)
    }

    @Test func everyIdentityFieldChangesTheHash() throws {
        let base = try CoreFixtures.record()
        let label = try CoreFixtures.label()
        let reference = try IdentityHash.compute(for: base, label: label)
        var variants: [COIRecord] = []
        var r = base
        r.patient.familyName = "Testpersom"; variants.append(r)
        r = base; r.patient.givenName = "Alec"; variants.append(r)
        r = base; r.patient.dateOfBirth = "1970-01-30"; variants.append(r)
        r = base; r.patient.medicalRecordNumber = nil; variants.append(r)
        r = base; r.collectionFacility = "A9998"; variants.append(r)
        r = base; r.collectionDate = "2026-11-25T08:31-05:00"; variants.append(r)
        r = base; r.productCode = try ProductCode(content: "S1234X00"); variants.append(r)
        r = base; r.coi = try ChainOfIdentityID(content: "CHA999926AB12CE"); variants.append(r)
        r = base; r.salt = try IdentitySalt(bytes: Array(1...16)); variants.append(r)
        for variant in variants {
            #expect(try IdentityHash.compute(for: variant, label: label) != reference)
        }
        #expect(try IdentityHash.compute(for: base, label: CoreFixtures.label(serial: 43)) != reference)
        #expect(try IdentityHash.compute(for: base, label: CoreFixtures.label(flags: .containerOfSet(2))) != reference)
    }

    @Test func cosmeticWhitespaceAndUnicodeFormDoNotChangeTheHash() throws {
        var decomposed = try CoreFixtures.record(familyName: "Mu\u{0308}ller")
        let composed = try CoreFixtures.record(familyName: "M\u{00FC}ller")
        let label = try CoreFixtures.label()
        #expect(try IdentityHash.compute(for: decomposed, label: label) == IdentityHash.compute(for: composed, label: label))
        decomposed.patient.givenName = "  Alex \t"
        #expect(try IdentityHash.compute(for: decomposed, label: label) == IdentityHash.compute(for: composed, label: label))
    }

    @Test func rejectsHashesOfWrongLengthOrAlphabet() {
        #expect(throws: IdentityError(.badHash, "")) { try IdentityHash(text: "ABC") }
        #expect(throws: IdentityError(.badHash, "")) { try IdentityHash(text: String(repeating: "1", count: 32)) }
        #expect(throws: IdentityError(.badHash, "")) { try IdentityHash(text: String(repeating: "a", count: 32)) }
        #expect(throws: IdentityError(.badHash, "")) { try IdentityHash(bytes: [1, 2, 3]) }
    }

    @Test func unsupportedEncodingVersionIsATypedError() throws {
        #expect(throws: IdentityError(.unsupportedVersion, "")) {
            try IdentityHash.compute(for: CoreFixtures.record(), label: CoreFixtures.label(), version: 2)
        }
    }

    @Test func patientIdentityNeverPrintsItsFields() throws {
        let record = try CoreFixtures.record()
        let text = "\(record) \(record.patient) \(String(reflecting: record.patient)) \(record.salt)"
        #expect(!text.contains("Testperson"))
        #expect(!text.contains("1970-01-31"))
        #expect(!text.contains("MRN-0001"))
    }

    @Test func recordValidationRejectsBadFields() throws {
        #expect(throws: IdentityError(.invalidField, "")) { try CoreFixtures.record(familyName: "Test\u{7}person") }
        #expect(throws: IdentityError(.missingField, "")) { try CoreFixtures.record(familyName: "   ") }
        #expect(throws: IdentityError(.fieldTooLong, "")) {
            try CoreFixtures.record(familyName: String(repeating: "x", count: 2000))
        }
        var record = try CoreFixtures.record()
        record.patient.dateOfBirth = "1970-02-30"
        #expect(throws: IdentityError(.invalidField, "")) { try record.validate() }
        record = try CoreFixtures.record()
        record.collectionDate = "2026-11-25 08:30"
        #expect(throws: IdentityError(.invalidField, "")) { try record.validate() }
        record = try CoreFixtures.record()
        record.gtin = "09506000134353"
        #expect(throws: IdentityError(.invalidField, "")) { try record.validate() }
        #expect(throws: IdentityError(.badSalt, "")) { try IdentitySalt(bytes: [1]) }
    }

    @Test func recordInterpolationDoesNotLeakPatientData() throws {
        let record = try CoreFixtures.record()
        let dumped = String(describing: record)
        #expect(!dumped.contains("Testperson"))
    }
}
