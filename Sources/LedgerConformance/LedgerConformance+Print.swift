import LabelgateCore
import Ledger

/// The print path's part of the store: batches and their reconciliation, print job records, `markSent` and atomic
/// batches of label transitions.
extension LedgerConformance {
    /// Issues `count` labels of the sample record's first bag into `batch`, in one call.
    static func issueBatch(_ store: any LedgerStore, _ batch: String?, count: Int) async throws -> [IssuedLabel] {
        let record = try SampleRecords.record()
        let request = LabelRequest(coi: record.coi, din: record.dins[0], template: "bag@1", batch: batch)
        return try await store.issueLabels(Array(repeating: request, count: count), by: operatorA)
    }

    /// The audit chain verifies and ends at `rows`.
    static func expectIntactChain(_ store: any LedgerStore, rows: Int) async throws {
        let report = try await store.verifyAuditChain(pageSize: 7)
        try expect(report.isIntact, "chain broken: \(String(describing: report.firstBreak))")
        try expect(report.rowsChecked == rows, "expected \(rows) audit rows, found \(report.rowsChecked)")
    }

    /// The stored state of each label, in order.
    static func states(_ store: any LedgerStore, _ labels: [IssuedLabel]) async throws -> [LabelState] {
        var out: [LabelState] = []
        for label in labels {
            guard let stored = try await store.label(serial: label.serial) else {
                throw ConformanceFailure(description: "label \(label.serial) disappeared")
            }
            out.append(stored.state)
        }
        return out
    }

    static let printChecks: [ConformanceCheck] = [
        ConformanceCheck(name: "batchReconciliationCountsEveryState") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let batch = try await issueBatch(store, "B-1", count: 5)
            _ = try await issueBatch(store, "B-2", count: 1)
            _ = try await issueBatch(store, nil, count: 1)
            _ = try await store.transitionLabels(
                Array(batch.map { LabelTransition($0.serial, to: .printed, reason: nil) }.dropLast()), by: operatorA)
            _ = try await store.transitionLabels(
                [
                    LabelTransition(batch[0].serial, to: .applied, reason: nil),
                    LabelTransition(batch[1].serial, to: .voided, reason: "smudged"),
                    LabelTransition(batch[2].serial, to: .destroyed, reason: "torn"),
                ], by: operatorA)
            let counts = try await store.reconciliation(batch: "B-1")
            try expect(
                counts.batch == "B-1" && counts.issued == 5 && counts.applied == 1 && counts.voided == 1
                    && counts.destroyed == 1, "counts were \(counts.summary)")
            try expect(counts.outstanding == ["printed": 1, "issued": 1], "outstanding was \(counts.outstanding)")
            try expect(!counts.isBalanced && !counts.closed, "an open, unbalanced batch expected")
            let listed = try await store.labels(batch: "B-1")
            try expect(listed.map(\.serial) == batch.map(\.serial), "labels(batch:) gave \(listed.map(\.serial))")
            try expect(listed.allSatisfy { $0.batch == "B-1" && $0.template == "bag@1" }, "batch or template lost")
            try expect(try await store.labels(batch: "B-9").isEmpty, "an unknown batch has labels")
            let unknown = try await store.reconciliation(batch: "B-9")
            try expect(unknown.issued == 0 && !unknown.closed && unknown.outstanding.isEmpty, "unknown batch counts")
            try await expectIntactChain(store, rows: 1 + 7 + 4 + 3)
        },
        ConformanceCheck(name: "closeBatchRefusedWhileUnbalancedThenClosedForGood") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let batch = try await issueBatch(store, "B-1", count: 3)
            try await expectLedgerError(.notFound, "closing a batch without labels") { () throws(LedgerError) in
                _ = try await store.closeBatch("B-9", by: operatorA, reason: nil)
            }
            _ = try await store.transitionLabels(
                batch.map { LabelTransition($0.serial, to: .printed, reason: nil) }, by: operatorA)
            _ = try await store.transitionLabel(batch[0].serial, to: .applied, by: operatorA, reason: nil)
            try await expectLedgerError(.unreconciled, "closing an unbalanced batch") { () throws(LedgerError) in
                _ = try await store.closeBatch("B-1", by: operatorA, reason: nil)
            }
            try expect(!(try await store.reconciliation(batch: "B-1")).closed, "a refused close closed the batch")
            _ = try await store.transitionLabels(
                [
                    LabelTransition(batch[1].serial, to: .applied, reason: nil),
                    LabelTransition(batch[2].serial, to: .voided, reason: "spare"),
                ], by: operatorA)
            let closed = try await store.closeBatch("B-1", by: operatorA, reason: "run done")
            try expect(
                closed.closed && closed.isBalanced && closed.issued == 3 && closed.applied == 2 && closed.voided == 1,
                "close returned \(closed.summary), closed \(closed.closed)")
            try expect(try await store.reconciliation(batch: "B-1").closed, "the batch is not closed")
            try await expectLedgerError(.conflict, "closing a closed batch") { () throws(LedgerError) in
                _ = try await store.closeBatch("B-1", by: operatorA, reason: nil)
            }
            do {
                _ = try await issueBatch(store, "B-1", count: 1)
                throw ConformanceFailure(description: "a closed batch took a new label")
            } catch let error as LedgerError {
                // The gate turns exactly this into `batchClosed`.
                try expect(
                    error.code == .integrity && error.reason.contains("batch is closed"),
                    "issuing into a closed batch: \(error.code) \(error.reason)")
            }
            try expect(try await store.labels(batch: "B-1").count == 3, "the refused label was stored")
            let rows = try await store.auditRows(after: 0, limit: 100)
            let close = rows.filter { $0.action == "batch.closed" }
            try expect(close.count == 1, "\(close.count) batch.closed rows")
            try expect(close.first?.subject == "B-1" && close.first?.reason == "run done", "batch.closed row")
            try expect(
                close.first?.details == #"{"applied":"2","destroyed":"0","issued":"3","voided":"1"}"#,
                "batch.closed details \(close.first?.details ?? "")")
            try await expectIntactChain(store, rows: 1 + 3 + 3 + 1 + 2 + 1)
        },
        ConformanceCheck(name: "labelsInStatesAreListedBySerialUpToTheLimit") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let labels = try await issueBatch(store, nil, count: 6)
            _ = try await store.transitionLabels(
                [
                    LabelTransition(labels[0].serial, to: .printed, reason: nil),
                    LabelTransition(labels[2].serial, to: .rendered, reason: "bag@1"),
                    LabelTransition(labels[2].serial, to: .sent, reason: "spool"),
                    LabelTransition(labels[3].serial, to: .failed, reason: "jam"),
                ], by: operatorA)
            let pending = try await store.labels(in: [.issued, .rendered, .sent], limit: 100)
            try expect(
                pending.map(\.serial) == [labels[1], labels[2], labels[4], labels[5]].map(\.serial),
                "pending were \(pending.map(\.serial))")
            try expect(pending[1].state == .sent, "the sent label's state was \(pending[1].state)")
            let first = try await store.labels(in: [.issued, .sent], limit: 2)
            try expect(first.map(\.serial) == [labels[1].serial, labels[2].serial], "limit 2 gave \(first.map(\.serial))")
            try expect(try await store.labels(in: [], limit: 10).isEmpty, "no states must list nothing")
            try expect(try await store.labels(in: [.issued], limit: 0).isEmpty, "limit 0 must list nothing")
            try expect(try await store.labels(in: [.applied], limit: 10).isEmpty, "no label is applied")
        },
        ConformanceCheck(name: "printJobRecordRoundTripsAndIsAudited") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let label = try await issue(store)
            try expect(try await store.printJob(serial: label.serial) == nil, "a new label has a print job")
            try await store.recordPrintJob(label.serial, printer: "zpl-1", job: nil, by: operatorA)
            try expect(
                try await store.printJob(serial: label.serial)
                    == PrintJobReference(serial: label.serial, printer: "zpl-1", job: nil), "first record")
            try await store.recordPrintJob(label.serial, printer: "ipp-1", job: "ipp://p/jobs/7", by: operatorA)
            try expect(
                try await store.printJob(serial: label.serial)
                    == PrintJobReference(serial: label.serial, printer: "ipp-1", job: "ipp://p/jobs/7"), "upsert")
            let missing = LabelSerial(9_999_999)!
            try await expectLedgerError(.notFound, "a job for an unknown serial") { () throws(LedgerError) in
                try await store.recordPrintJob(missing, printer: "zpl-1", job: nil, by: operatorA)
            }
            try expect(try await store.printJob(serial: missing) == nil, "an unknown serial has a print job")
            let rows = try await store.auditRows(after: 2, limit: 10)
            try expect(
                rows.map(\.action) == ["label.job", "label.job"] && rows.allSatisfy { $0.subject == label.serial.text },
                "audit rows \(rows.map(\.action))")
            try expect(
                rows.last?.details == #"{"job":"ipp://p/jobs/7","printer":"ipp-1"}"#,
                "label.job details \(rows.last?.details ?? "")")
            try expect(rows.first?.details == #"{"printer":"zpl-1"}"#, "label.job details \(rows.first?.details ?? "")")
            try await expectIntactChain(store, rows: 4)
        },
        ConformanceCheck(name: "markSentMovesLabelsAndRecordsThePrinterAllOrNone") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let labels = try await issueBatch(store, nil, count: 4)
            _ = try await store.transitionLabels(
                Array(labels.map { LabelTransition($0.serial, to: .rendered, reason: "bag@1") }.dropLast()), by: operatorA)
            // The fourth label is still `issued`, which cannot become `sent`: nothing is marked.
            try await expectLedgerError(.invalidTransition, "marking an issued label sent") { () throws(LedgerError) in
                try await store.markSent(labels.map(\.serial), printer: "spool-1", by: operatorA)
            }
            try expect(
                try await states(store, labels) == [.rendered, .rendered, .rendered, .issued], "a refused markSent moved labels")
            try expect(try await store.printJob(serial: labels[0].serial) == nil, "a refused markSent recorded a job")
            try await store.markSent(Array(labels.dropLast()).map(\.serial), printer: "spool-1", by: operatorA)
            try expect(
                try await states(store, labels) == [.sent, .sent, .sent, .issued], "markSent did not move the labels")
            for label in labels.dropLast() {
                try expect(
                    try await store.printJob(serial: label.serial)
                        == PrintJobReference(serial: label.serial, printer: "spool-1", job: nil), "printer not recorded")
            }
            let rows = try await store.auditRows(after: 1 + 4 + 3, limit: 10)
            try expect(
                rows.map(\.action) == ["label.sent", "label.sent", "label.sent"]
                    && rows.map { $0.subject ?? "" } == labels.dropLast().map(\.serial.text)
                    && rows.allSatisfy { $0.reason == "spool-1" && $0.details.contains(#""from":"rendered""#) },
                "markSent audit rows \(rows.map(\.action))")
            try await expectLedgerError(.invalidTransition, "marking a sent label sent again") { () throws(LedgerError) in
                try await store.markSent([labels[0].serial], printer: "spool-2", by: operatorA)
            }
            try expect(try await store.printJob(serial: labels[0].serial)?.printer == "spool-1", "the job was replaced")
            try await expectIntactChain(store, rows: 1 + 4 + 3 + 3)
        },
        ConformanceCheck(name: "concurrentMarkSentOfOneLabelSucceedsOnce") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let label = try await issue(store)
            _ = try await store.transitionLabel(label.serial, to: .rendered, by: operatorA, reason: "bag@1")
            let outcomes = try await withThrowingTaskGroup(of: LedgerError.Code?.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        do throws(LedgerError) {
                            try await store.markSent([label.serial], printer: "printer-\(index)", by: operatorA)
                            return nil
                        } catch {
                            return error.code
                        }
                    }
                }
                var all: [LedgerError.Code?] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            try expect(outcomes.filter { $0 == nil }.count == 1, "\(outcomes.filter { $0 == nil }.count) markSent succeeded")
            try expect(
                outcomes.compactMap { $0 }.allSatisfy { $0 == .invalidTransition }, "the others failed with \(outcomes)")
            let sent = try await store.auditRows(after: 0, limit: 100).filter { $0.action == "label.sent" }
            try expect(sent.count == 1, "\(sent.count) label.sent rows")
            try expect(try await store.printJob(serial: label.serial)?.printer == sent.first?.reason, "job and audit differ")
            try await expectIntactChain(store, rows: 4)
        },
        ConformanceCheck(name: "transitionLabelsIsAtomicAndRefusesIllegalMoves") { store in
            try await store.addRecord(SampleRecords.record(), by: operatorA)
            let labels = try await issueBatch(store, nil, count: 3)
            let before = try await store.auditRows(after: 0, limit: 100).count
            let refused: [([LabelTransition], LedgerError.Code)] = [
                (
                    [
                        LabelTransition(labels[0].serial, to: .printed, reason: nil),
                        LabelTransition(labels[1].serial, to: .printed, reason: nil),
                        LabelTransition(labels[2].serial, to: .applied, reason: nil),
                    ], .invalidTransition
                ),
                (
                    [
                        LabelTransition(labels[0].serial, to: .printed, reason: nil),
                        LabelTransition(labels[0].serial, to: .printed, reason: nil),
                    ], .invalidTransition
                ),
                (
                    [
                        LabelTransition(labels[0].serial, to: .rendered, reason: nil),
                        LabelTransition(LabelSerial(9_999_999)!, to: .rendered, reason: nil),
                    ], .notFound
                ),
                (
                    [
                        LabelTransition(labels[0].serial, to: .printed, reason: nil),
                        LabelTransition(labels[1].serial, to: .voided, reason: " "),
                    ], .invalidInput
                ),
            ]
            for (changes, code) in refused {
                try await expectLedgerError(code, "changes \(changes.map(\.state))") { () throws(LedgerError) in
                    _ = try await store.transitionLabels(changes, by: operatorA)
                }
                try expect(try await states(store, labels) == [.issued, .issued, .issued], "a refused batch moved labels")
            }
            try expect(try await store.auditRows(after: 0, limit: 100).count == before, "a refused batch was audited")
            // The same label may move several times in one batch; each move is checked against the one before.
            let moved = try await store.transitionLabels(
                [
                    LabelTransition(labels[0].serial, to: .rendered, reason: "bag@1"),
                    LabelTransition(labels[0].serial, to: .sent, reason: "spool"),
                    LabelTransition(labels[0].serial, to: .printed, reason: "spool"),
                    LabelTransition(labels[1].serial, to: .failed, reason: "jam"),
                ], by: operatorA)
            try expect(moved.map(\.state) == [.rendered, .sent, .printed, .failed], "returned \(moved.map(\.state))")
            try expect(try await states(store, labels) == [.printed, .failed, .issued], "stored states")
            let rows = try await store.auditRows(after: Int64(before), limit: 100)
            try expect(
                rows.map(\.action) == ["label.rendered", "label.sent", "label.printed", "label.failed"],
                "audit rows \(rows.map(\.action))")
            try expect(
                rows.map { $0.details.contains(#""from":""#) } == [true, true, true, true]
                    && rows[1].details.contains(#""from":"rendered""#) && rows[2].details.contains(#""from":"sent""#),
                "each row names the state it left")
            try expect(try await store.transitionLabels([], by: operatorA).isEmpty, "no changes, no labels")
            try await expectIntactChain(store, rows: before + 4)
        },
    ]
}
