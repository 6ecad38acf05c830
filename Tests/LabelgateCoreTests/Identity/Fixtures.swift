import Foundation

@testable import LabelgateCore

/// Test inputs. The patient data is fictitious.
enum CoreFixtures {
    static func record(familyName: String = "Testperson", salt: [UInt8] = Array(0..<16)) throws -> COIRecord {
        try COIRecord(
            coi: ChainOfIdentityID(content: "CHA999926AB12CD"),
            dins: [DIN(identifier: "A999926000001"), DIN(identifier: "A999926000002")],
            productCode: ProductCode(content: "S1234100"), collectionFacility: "A9999",
            collectionDate: "2026-11-25T08:30-05:00", gtin: "09506000134352",
            patient: PatientIdentity(
                familyName: familyName, givenName: "Alex", dateOfBirth: "1970-01-31", medicalRecordNumber: "MRN-0001"),
            salt: IdentitySalt(bytes: salt))
    }

    static func label(serial: UInt64 = 42, flags: DINFlags = .containerOfSet(1)) throws -> LabelParticulars {
        LabelParticulars(din: try DIN(identifier: "A999926000001", flags: flags), serial: LabelSerial(serial)!)
    }

    /// The repository root, found from this file's path.
    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }

    static func fixture(_ relativePath: String) throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("fixtures").appendingPathComponent(relativePath))
    }
}
