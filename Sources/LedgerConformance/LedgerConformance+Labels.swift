import LabelgateCore
import Ledger

extension LedgerConformance {
    static func issue(_ store: any LedgerStore, din: String = "A999926000001", flags: DINFlags = .notUsed)
        async throws -> IssuedLabel
    {
        let record = try SampleRecords.record()
        return try await store.issueLabel(
            LabelRequest(coi: record.coi, din: DIN(identifier: din).with(flags: flags)), by: operatorA)
    }

    static let labelChecks: [ConformanceCheck] = [
        ConformanceCheck(name: "concurrentIssuesNeverDuplicateASerial") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let serials = try await withThrowingTaskGroup(of: LabelSerial.self) { group in
                for index in 0..<40 {
                    group.addTask { try await issue(store, din: index.isMultiple(of: 2) ? "A999926000001" : "A999926000002").serial }
                }
                var all: [LabelSerial] = []
                for try await serial in group { all.append(serial) }
                return all
            }
            try expect(Set(serials).count == 40, "40 issues gave \(Set(serials).count) distinct serials")
            let labels = try await store.labels(coi: try SampleRecords.record().coi)
            try expect(labels.count == 40 && labels.allSatisfy { $0.state == .issued }, "40 issued labels expected")
        },
        ConformanceCheck(name: "refusesLabelForDINOfAnotherRecord") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            try await store.addRecord(
                SampleRecords.record(coi: "CHA999926ZZ0001", dins: ["A999926000077"]), by: operatorA)
            try await expectLedgerError(.notFound, "DIN of another record") { () throws(LedgerError) in
                _ = try await store.issueLabel(
                    LabelRequest(coi: try! SampleRecords.record().coi, din: try! DIN(identifier: "A999926000077")),
                    by: operatorA)
            }
        },
        ConformanceCheck(name: "lifecycleAllowsOnlyDefinedTransitions") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let label = try await issue(store, flags: .containerOfSet(1))
            try expect(label.din.flags == .containerOfSet(1), "flags were not kept")
            try await expectLedgerError(.invalidTransition, "issued → applied") { () throws(LedgerError) in
                _ = try await store.transitionLabel(label.serial, to: .applied, by: operatorA, reason: nil)
            }
            _ = try await store.transitionLabel(label.serial, to: .printed, by: operatorA, reason: nil)
            try await expectLedgerError(.invalidInput, "void without reason") { () throws(LedgerError) in
                _ = try await store.transitionLabel(label.serial, to: .voided, by: operatorA, reason: nil)
            }
            let voided = try await store.transitionLabel(label.serial, to: .voided, by: operatorA, reason: "smudged")
            try expect(voided.state == .voided, "label should be voided")
            try await expectLedgerError(.invalidTransition, "voided → printed") { () throws(LedgerError) in
                _ = try await store.transitionLabel(label.serial, to: .printed, by: operatorA, reason: nil)
            }
            try expect(try await store.label(serial: label.serial)?.state == .voided, "state not stored")
        },
        ConformanceCheck(name: "reprintLinksToItsOriginal") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let original = try await issue(store)
            let record = try SampleRecords.record()
            let reprint = try await store.issueLabel(
                LabelRequest(
                    coi: record.coi, din: original.din.with(flags: .repeatedDemandPrinted), reprintOf: original.serial),
                by: operatorA)
            try expect(reprint.reprintOf == original.serial, "reprint does not name its original")
            let stored = try await store.label(serial: reprint.serial)
            try expect(stored?.reprintOf == original.serial, "reprint link not stored")
            try await expectLedgerError(.notFound, "reprint of another bag") { () throws(LedgerError) in
                _ = try await store.issueLabel(
                    LabelRequest(coi: record.coi, din: try! DIN(identifier: "A999926000002"), reprintOf: original.serial),
                    by: operatorA)
            }
        },
        ConformanceCheck(name: "verificationContextReadsLabelWithRecord") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let label = try await issue(store)
            let context = try await store.verificationContext(serial: label.serial)
            try expect(context?.label == label && context?.record == (try SampleRecords.record()), "context mismatch")
            try expect(
                try await store.verificationContext(serial: LabelSerial(9_999_999)!) == nil, "unknown serial found")
        },
        ConformanceCheck(name: "custodyEventsAreKeptInOrder") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            for kind in ["handedOver", "received"] {
                _ = try await store.appendCustody(
                    CustodyEvent(coi: "CHA999926AB12CD", serial: nil, station: "dock-1", kind: kind, actor: operatorA))
            }
            let events = try await store.custodyEvents(coi: "CHA999926AB12CD")
            try expect(events.map(\.kind) == ["handedOver", "received"], "custody order lost")
            try expect(events.allSatisfy { $0.id != nil && $0.at != nil }, "custody events lack id or time")
        },
    ]
}
