import LabelgateCore

/// Fictitious records for tests and benchmarks. No real patient data anywhere in this repository.
public enum SampleRecords {
    /// A valid record; vary `coi`, `dins` and the patient's family name to make distinct ones.
    public static func record(
        coi: String = "CHA999926AB12CD", dins: [String] = ["A999926000001", "A999926000002"],
        familyName: String = "Testperson", salt: [UInt8] = Array(0..<16)
    ) throws -> COIRecord {
        try COIRecord(
            coi: ChainOfIdentityID(content: coi),
            dins: dins.map { id throws(ISBT128Error) in try DIN(identifier: id) },
            productCode: ProductCode(content: "S1234100"), collectionFacility: "A9999",
            collectionDate: "2026-11-25T08:30-05:00", gtin: "09506000134352",
            patient: PatientIdentity(
                familyName: familyName, givenName: "Alex", dateOfBirth: "1970-01-31", medicalRecordNumber: "MRN-0001"),
            salt: IdentitySalt(bytes: salt))
    }

    /// The `index`-th of a family of distinct valid records (one DIN each), for bulk loads.
    public static func numbered(_ index: Int) throws -> COIRecord {
        let sequence = String(index).leftPad(6)
        let coiSequence = String(index, radix: 36).uppercased().leftPad(6)
        var salt = [UInt8](repeating: 0, count: 16)
        withUnsafeBytes(of: UInt64(index).bigEndian) { salt.replaceSubrange(8..<16, with: $0) }
        return try record(
            coi: "CHA999926" + coiSequence, dins: ["A999926" + sequence], familyName: "Person\(index)", salt: salt)
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
