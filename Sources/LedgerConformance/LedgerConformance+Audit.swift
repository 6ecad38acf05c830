import LabelgateCore
import Ledger

extension LedgerConformance {
    static let auditChecks: [ConformanceCheck] = [
        ConformanceCheck(name: "readsTheRowsOfOneActionInOrderPageByPage") { store in
            var steps: [Int64] = []
            for index in 0..<7 {
                _ = try await store.appendAudit(AuditEntry(actor: operatorA, action: "step.signed", subject: "s\(index)"))
                let row = try await store.appendAudit(
                    AuditEntry(actor: operatorA, action: AuditIndex.stepCompleted, subject: "s\(index)"))
                steps.append(row.sequence)
            }
            let first = try await store.auditRows(action: AuditIndex.stepCompleted, after: 0, limit: 4)
            let rest = try await store.auditRows(action: AuditIndex.stepCompleted, after: first.last?.sequence ?? 0, limit: 4)
            try expect((first + rest).map(\.sequence) == steps, "step rows were \((first + rest).map(\.sequence))")
            try expect((first + rest).allSatisfy { $0.action == AuditIndex.stepCompleted }, "another action was read")
            try expect(try await store.auditRows(action: "step.none", after: 0, limit: 10).isEmpty, "an absent action")
            let signed = try await store.auditRows(action: "step.signed", after: 0, limit: 10)
            try expect(signed.map(\.subject) == (0..<7).map { "s\($0)" }, "unindexed actions are read too")
        },
        ConformanceCheck(name: "everyChangeWritesAnAuditRowAndTheChainVerifies") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let label = try await issue(store)
            _ = try await store.transitionLabel(label.serial, to: .printed, by: operatorA, reason: nil)
            let actions = try await store.auditRows(after: 0, limit: 10).map(\.action)
            try expect(actions == ["record.add", "label.issue", "label.printed"], "audit actions were \(actions)")
            let report = try await store.verifyAuditChain()
            try expect(report.isIntact && report.rowsChecked == 3 && report.lastSequence == 3, "chain report \(report)")
        },
        ConformanceCheck(name: "concurrentAppendsFormOneGaplessChain") { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        for index in 0..<25 {
                            let entries = (0..<(index % 3 + 1)).map { n in
                                AuditEntry(actor: operatorA, action: "test.append", subject: "\(task)-\(index)-\(n)")
                            }
                            _ = try await store.appendAudit(entries)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let report = try await store.verifyAuditChain(pageSize: 37)
            try expect(report.isIntact, "chain broken: \(String(describing: report.firstBreak))")
            // Each task appends 1, 2, 3, 1, 2, 3… entries for 25 rounds: 8 x 6 + 1 = 49.
            try expect(report.rowsChecked == 8 * 49, "\(report.rowsChecked) rows checked, not 392")
            let rows = try await store.auditRows(after: 0, limit: 10_000)
            try expect(rows.map(\.sequence) == Array(1...Int64(rows.count)), "sequence has gaps")
        },
        ConformanceCheck(name: "auditDetailsRoundTripExactly") { store in
            let entry = AuditEntry(
                actor: operatorA, action: "test.detail", subject: "s", reason: "why",
                details: ["z": "quote \" back\\slash", "a": "tab\tnew\nline", "u": "é\u{1}"])
            let row = try await store.appendAudit(entry)
            let read = try await store.auditRows(after: 0, limit: 1)
            try expect(read.first == row, "the stored row differs from the appended row")
            try expect(AuditChain.expectedHash(of: row) == row.hash, "row hash does not verify")
        },
        ConformanceCheck(name: "refusesANulCharacterItCouldNotStoreAsHashed") { store in
            let honest = AuditEntry(actor: operatorA, action: "test.honest", subject: "ok")
            for hostile in [
                AuditEntry(actor: operatorA, action: "step.refused", subject: "a\u{0}b"),
                AuditEntry(actor: operatorA, action: "step.refused", reason: "\u{0}"),
                AuditEntry(actor: Actor(.station, "dock\u{0}"), action: "step.refused"),
                AuditEntry(actor: operatorA, action: "test.detail", details: ["k": "v\u{0}"]),
            ] {
                // Sent together with an honest append: the hostile one is refused, the honest one is written.
                async let written = store.appendAudit(honest)
                try await expectLedgerError(.invalidInput, "a NUL in \(hostile.action)") {
                    () async throws(LedgerError) -> AuditRow in try await store.appendAudit(hostile)
                }
                _ = try await written
            }
            let rows = try await store.auditRows(after: 0, limit: 100)
            try expect(rows.map(\.action) == Array(repeating: "test.honest", count: 4), "rows were \(rows.map(\.action))")
            let report = try await store.verifyAuditChain()
            try expect(report.isIntact, "chain broken: \(String(describing: report.firstBreak))")
        },
    ]
}
