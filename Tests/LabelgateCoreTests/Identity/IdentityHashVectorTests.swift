import Foundation
import Testing

@testable import LabelgateCore

/// Checks the Swift identity hash against vectors produced by an independent Python implementation of the spec.
@Suite struct IdentityHashVectorTests {
    struct VectorFile: Decodable {
        var vectors: [Vector]
    }

    struct Vector: Decodable {
        var name: String
        var salt: String
        var fields: [String: String?]
        var canonicalHex: String
        var hash: String
    }

    static func vectors() throws -> [Vector] {
        try JSONDecoder().decode(VectorFile.self, from: CoreFixtures.fixture("identity-hash/vectors.json")).vectors
    }

    func field(_ vector: Vector, _ name: String) throws -> String {
        try #require(vector.fields[name] ?? nil, "vector \(vector.name) lacks \(name)")
    }

    @Test func swiftImplementationMatchesTheReferenceVectors() throws {
        let vectors = try Self.vectors()
        #expect(vectors.count >= 3)
        for vector in vectors {
            let record = try COIRecord(
                coi: ChainOfIdentityID(content: field(vector, "coi")),
                dins: [DIN(identifier: field(vector, "din"))],
                productCode: ProductCode(content: field(vector, "productCode")),
                collectionFacility: field(vector, "collectionFacility"),
                collectionDate: field(vector, "collectionDate"),
                patient: PatientIdentity(
                    familyName: field(vector, "familyName"), givenName: field(vector, "givenName"),
                    dateOfBirth: field(vector, "dateOfBirth"),
                    medicalRecordNumber: vector.fields["medicalRecordNumber"] ?? nil),
                salt: IdentitySalt(hex: vector.salt))
            let label = LabelParticulars(
                din: try DIN(identifier: field(vector, "din"), flags: DINFlags(encoded: field(vector, "dinFlags"))),
                serial: try #require(LabelSerial(text: field(vector, "serial"))))
            let canonical = try CanonicalIdentityEncoding.encode(record, label: label)
            #expect(canonical.map { String(format: "%02x", $0) }.joined() == vector.canonicalHex, "\(vector.name)")
            #expect(try IdentityHash.compute(for: record, label: label).text == vector.hash, "\(vector.name)")
        }
    }
}
