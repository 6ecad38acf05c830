import LabelgateCore
import Ledger

/// The behaviour suite every ledger backend passes (SQLite and PostgreSQL): run each check on a fresh store.
public enum LedgerConformance {
    /// All checks.
    public static let checks: [ConformanceCheck] =
        recordChecks + labelChecks + printChecks + fenceChecks + auditChecks

    static let operatorA = Actor(.operator, "op-a")

    static let recordChecks: [ConformanceCheck] = [
        ConformanceCheck(name: "recordRoundTripsWithSaltAndPatient") { store in
            let record = try SampleRecords.record()
            try await store.addRecord(record, by: operatorA)
            let read = try await store.record(coi: record.coi)
            try expect(read == record, "the stored record differs from the added one")
            let byDIN = try await store.record(din: "A999926000002")
            try expect(byDIN?.coi == record.coi, "lookup by DIN did not find the record")
            try expect(try await store.record(din: "A999926999999") == nil, "an unknown DIN found a record")
        },
        ConformanceCheck(name: "refusesDuplicateRecordOrDIN") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            try await expectLedgerError(.conflict, "same COI twice") { () throws(LedgerError) in
                try await store.addRecord(try! SampleRecords.record(dins: ["A999926000009"]), by: operatorA)
            }
            try await expectLedgerError(.conflict, "a DIN of another record") { () throws(LedgerError) in
                try await store.addRecord(try! SampleRecords.record(coi: "CHA999926ZZ0001"), by: operatorA)
            }
            try expect(try await store.record(din: "A999926000009") == nil, "a refused record left a DIN behind")
        },
        ConformanceCheck(name: "amendmentKeepsSaltBumpsRevisionAndAuditsNoPatientData") { store in
            let record = try SampleRecords.record()
            try await store.addRecord(record, by: operatorA)
            var changed = record
            changed.patient.familyName = "Otherperson"
            changed.salt = try IdentitySalt(bytes: [UInt8](repeating: 9, count: 16))
            let amended = try await store.amendRecord(changed, by: operatorA, reason: "typo in family name")
            try expect(amended.revision == 2, "revision should be 2, is \(amended.revision)")
            try expect(amended.salt == record.salt, "an amendment must keep the record's salt")
            let read = try await store.record(coi: record.coi)
            try expect(read?.patient.familyName == "Otherperson", "the amendment was not stored")
            let rows = try await store.auditRows(after: 0, limit: 100)
            let amend = rows.first { $0.action == "record.amend" }
            try expect(amend?.details.contains("familyName") == true, "the audit row should name the changed field")
            for row in rows {
                let text = [row.details, row.subject ?? "", row.reason ?? ""].joined()
                try expect(!text.contains("Testperson") && !text.contains("Otherperson") && !text.contains("1970-01-31"),
                    "audit row \(row.sequence) contains patient data")
            }
            try await expectLedgerError(.invalidInput, "an amendment without a reason") { () throws(LedgerError) in
                _ = try await store.amendRecord(changed, by: operatorA, reason: " ")
            }
        },
        ConformanceCheck(name: "summariesCarryNoPatientData") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let summaries = try await store.recordSummaries(limit: 10)
            try expect(summaries.count == 1 && summaries[0].dins.count == 2, "one summary with two DINs expected")
        },
    ]
}
