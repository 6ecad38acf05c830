import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import PostgresNIO
import Testing

@testable import LedgerPostgres

/// The print path on PostgreSQL through the real gate: several gateways (separate `PostgresLedger` instances and
/// gates, as on separate machines) print into one batch, settle and close it, with stand-ins for the renderer and
/// the printer (the rendering and printers themselves are tested in PrintingTests).
@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL server configured"))
struct PostgresPrintPathTests {
    static let gateways = 3
    static let jobsPerGateway = 6
    static let copies = 2
    static let clerk = Actor(.operator, "op-a")

    /// Draws nothing and "reads back" exactly the verified payload.
    struct EchoRenderer: LabelRendering {
        func render(_ job: RenderJob) throws -> RenderedLabel {
            RenderedLabel(
                templateVersion: "\(job.template)@1",
                image: MonochromeImage(width: 8, height: 1, dotsPerInch: 300, bits: [0]),
                symbols: [
                    ReadBack(
                        expectedAIM: job.payload.aimIdentifier, expectedBytes: job.payload.bytes,
                        decoded: [(aim: job.payload.aimIdentifier, bytes: job.payload.bytes)])
                ])
        }
    }

    /// Discards the labels after recording them sent and naming a job for each, as an IPP printer does; after a
    /// restart it reports the job printed.
    struct DiscardingPrinter: LabelPrinting {
        let name: String
        func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery] {
            guard await journal.willSend(all: labels.map(\.serial)) else {
                return labels.map { _ in .failed(reason: "not recorded") }
            }
            for label in labels { await journal.accepted(label.serial, job: "job-\(label.serial.text)") }
            return labels.map { .printed(location: "\(name)/job-\($0.serial.text)") }
        }
        func recover(_ job: PrintJobReference) async -> PrintDelivery {
            .printed(location: "\(name)/\(job.job ?? "unknown")")
        }
        func status() async -> PrinterStatus { PrinterStatus(ready: true, detail: "test") }
    }

    func request(_ record: COIRecord, bag: Int = 0, copies: Int = PostgresPrintPathTests.copies, batch: String?) throws -> PrintRequest {
        PrintRequest(
            coi: record.coi, din: record.dins[bag].with(flags: .containerOfSet(1)),
            recordFingerprint: try RecordFingerprint.compute(for: record), profile: .isbt, template: "bag",
            copies: copies, batch: batch)
    }

    @Test func concurrentPrintsOnSeveralGatewaysReconcileAndCloseOneBatch() async throws {
        let schema = try await TestSchema.make()
        let ledgers = try (0..<Self.gateways).map { _ in try schema.gateway("pool_size=4") }
        let record = try SampleRecords.record()
        try await ledgers[0].addRecord(record, by: Self.clerk)
        let gates = try ledgers.map { try Gate(store: $0, logger: quietLogger) }
        let printed = try await withThrowingTaskGroup(of: (Int, [PrintedLabel]).self) { group in
            for (index, gate) in gates.enumerated() {
                for job in 0..<Self.jobsPerGateway {
                    let printRequest = try request(record, bag: job % 2, batch: "run-1")
                    group.addTask {
                        let labels = try await gate.print(
                            printRequest, renderer: EchoRenderer(), printer: DiscardingPrinter(name: "printer-\(index)"),
                            by: Actor(.station, "print-\(index)"))
                        return (index, labels)
                    }
                }
            }
            var all: [(Int, [PrintedLabel])] = []
            for try await result in group { all.append(result) }
            return all
        }
        let total = Self.gateways * Self.jobsPerGateway * Self.copies
        let serials = printed.flatMap { $0.1.map(\.serial) }
        #expect(serials.count == total && Set(serials).count == total, "duplicate serials across gateways")
        #expect(printed.allSatisfy { $0.1.allSatisfy { $0.state == .printed } })
        let batch = try await ledgers[1].labels(batch: "run-1")
        #expect(Set(batch.map(\.serial)) == Set(serials))
        #expect(batch.allSatisfy { $0.state == .printed && $0.template == "bag" })
        for (index, labels) in printed {
            for label in labels {
                let job = try await ledgers[2].printJob(serial: label.serial)
                #expect(job == PrintJobReference(serial: label.serial, printer: "printer-\(index)", job: "job-\(label.serial.text)"))
            }
        }
        let open = try await ledgers[2].reconciliation(batch: "run-1")
        #expect(open.issued == total && open.outstanding == ["printed": total] && !open.closed)
        await #expect(throws: LedgerError(.unreconciled, "")) {
            try await ledgers[0].closeBatch("run-1", by: Self.clerk, reason: nil)
        }

        // Each gateway settles the labels it printed, concurrently: every fifth voided, the others applied.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, labels) in printed {
                group.addTask {
                    let changes = labels.map { label in
                        label.serial.value.isMultiple(of: 5)
                            ? LabelTransition(label.serial, to: .voided, reason: "spare")
                            : LabelTransition(label.serial, to: .applied, reason: nil)
                    }
                    _ = try await ledgers[index].transitionLabels(changes, by: Actor(.station, "print-\(index)"))
                }
            }
            try await group.waitForAll()
        }
        let voided = serials.filter { $0.value.isMultiple(of: 5) }.count
        let settled = try await ledgers[1].reconciliation(batch: "run-1")
        #expect(settled.isBalanced && settled.applied == total - voided && settled.voided == voided, "\(settled.summary)")

        // Two gateways close the batch at once: exactly one closes it, the other finds it closed.
        let closes = await withTaskGroup(of: LedgerError.Code?.self) { group in
            for ledger in ledgers.prefix(2) {
                group.addTask {
                    do throws(LedgerError) {
                        _ = try await ledger.closeBatch("run-1", by: Self.clerk, reason: "run done")
                        return nil
                    } catch {
                        return error.code
                    }
                }
            }
            var all: [LedgerError.Code?] = []
            for await code in group { all.append(code) }
            return all
        }
        #expect(closes.filter { $0 == nil }.count == 1 && closes.contains(LedgerError.Code.conflict), "closes: \(closes)")
        let closed = try await ledgers[2].reconciliation(batch: "run-1")
        #expect(closed.closed && closed.isBalanced && closed.issued == total)

        // A closed batch takes no new label, from any gateway.
        await #expect(throws: GateError(.batchClosed, "")) {
            try await gates[2].print(
                try request(record, batch: "run-1"), renderer: EchoRenderer(), printer: DiscardingPrinter(name: "p"),
                by: Self.clerk)
        }
        #expect(try await ledgers[0].labels(batch: "run-1").count == total)

        // One chain: the record, per label issue, rendered, sent, job and printed, then the settling, the close and
        // the refused print.
        let report = try await ledgers[0].verifyAuditChain(pageSize: 64)
        #expect(report.isIntact, "chain broken: \(String(describing: report.firstBreak))")
        #expect(report.rowsChecked == 1 + 5 * total + total + 1 + 1)
        for ledger in ledgers { await ledger.close() }
        await schema.drop()
    }

    /// A transaction of another gateway that is adding a label to the batch (uncommitted) makes `closeBatch` wait,
    /// and the close then counts the label; a close in progress makes an issue wait, and the issue is then refused.
    @Test func closingABatchAndAddingToItOnAnotherGatewayTakeTurns() async throws {
        let schema = try await TestSchema.make()
        let ledger = try schema.gateway()
        let record = try SampleRecords.record()
        try await ledger.addRecord(record, by: Self.clerk)
        let first = try await ledger.issueLabel(LabelRequest(coi: record.coi, din: record.dins[0], batch: "b"), by: Self.clerk)
        _ = try await ledger.transitionLabels(
            [LabelTransition(first.serial, to: .printed, reason: nil), LabelTransition(first.serial, to: .applied, reason: nil)],
            by: Self.clerk)

        let other = try await rawConnection(schema.appURL)
        try await other.query("BEGIN", logger: quietLogger)
        try await other.query(
            """
            INSERT INTO labels (coi, din, flags, state, hash_version, batch, created_at, updated_at)
            VALUES (\(record.coi.content), \(record.dins[0].identifier), \(record.dins[0].flags.encoded), 'issued', 1, 'b',
                'now', 'now')
            """, logger: quietLogger)
        let close = Task { try await ledger.closeBatch("b", by: Self.clerk, reason: nil) }
        try await Task.sleep(for: .milliseconds(500))
        try await other.query("COMMIT", logger: quietLogger)
        await #expect(throws: LedgerError(.unreconciled, "")) { try await close.value }
        #expect(try await ledger.reconciliation(batch: "b").issued == 2)

        // Settle the second label, then hold a close open on the other connection while this gateway issues.
        let second = try #require(try await ledger.labels(batch: "b").last)
        _ = try await ledger.transitionLabel(second.serial, to: .voided, by: Self.clerk, reason: "test")
        try await other.query("BEGIN", logger: quietLogger)
        try await other.query("SELECT labelgate_batch_lock('b', true)", logger: quietLogger)
        try await other.query(
            "INSERT INTO print_batches VALUES ('b', 'now', 'operator:op-a', 2, 1, 1, 0)", logger: quietLogger)
        let issue = Task {
            try await ledger.issueLabel(LabelRequest(coi: record.coi, din: record.dins[0], batch: "b"), by: Self.clerk)
        }
        try await Task.sleep(for: .milliseconds(500))
        try await other.query("COMMIT", logger: quietLogger)
        await #expect(throws: LedgerError(.integrity, "")) { try await issue.value }
        let closed = try await ledger.reconciliation(batch: "b")
        #expect(closed.closed && closed.isBalanced && closed.issued == 2)
        try await other.close()
        await ledger.close()
        await schema.drop()
    }

    @Test func twoGatewaysMarkingOneLabelSentRecordItOnce() async throws {
        let schema = try await TestSchema.make()
        let ledgers = try (0..<2).map { _ in try schema.gateway() }
        let record = try SampleRecords.record()
        try await ledgers[0].addRecord(record, by: Self.clerk)
        let labels = try await ledgers[0].issueLabels(
            Array(repeating: LabelRequest(coi: record.coi, din: record.dins[0]), count: 20), by: Self.clerk)
        _ = try await ledgers[0].transitionLabels(
            labels.map { LabelTransition($0.serial, to: .rendered, reason: "bag@1") }, by: Self.clerk)
        // Each label is marked by both gateways at once, one of them in reverse order (row locks in serial order).
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, ledger) in ledgers.enumerated() {
                group.addTask {
                    let serials = labels.map(\.serial)
                    var won = 0
                    for serial in index == 0 ? serials : serials.reversed() {
                        if (try? await ledger.markSent([serial], printer: "printer-\(index)", by: Self.clerk)) != nil {
                            won += 1
                        }
                    }
                    let all = (try? await ledger.markSent(serials, printer: "printer-\(index)", by: Self.clerk)) != nil
                    return (won, all)
                }
            }
            var all: [(Int, Bool)] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.map(\.0).reduce(0, +) == labels.count, "each label is marked sent exactly once: \(outcomes)")
        #expect(outcomes.allSatisfy { !$0.1 }, "marking sent labels again must fail")
        let rows = try await ledgers[1].auditRows(after: 0, limit: 1000).filter { $0.action == "label.sent" }
        #expect(rows.count == labels.count && Set(rows.compactMap(\.subject)).count == labels.count)
        for row in rows {
            let serial = try #require(LabelSerial(text: row.subject ?? ""))
            #expect(try await ledgers[1].printJob(serial: serial)?.printer == row.reason)
        }
        #expect(try await ledgers[1].verifyAuditChain().isIntact)
        for ledger in ledgers { await ledger.close() }
        await schema.drop()
    }

    @Test func anotherGatewayRecoversInterruptedPrints() async throws {
        let schema = try await TestSchema.make()
        let crashed = try schema.gateway()
        let record = try SampleRecords.record()
        try await crashed.addRecord(record, by: Self.clerk)
        let labels = try await crashed.issueLabels(
            Array(repeating: LabelRequest(coi: record.coi, din: record.dins[0], template: "bag@1"), count: 4),
            by: Self.clerk)
        _ = try await crashed.transitionLabels(
            labels.prefix(3).map { LabelTransition($0.serial, to: .rendered, reason: "bag@1") }, by: Self.clerk)
        try await crashed.markSent(labels.prefix(2).map(\.serial), printer: "ipp-1", by: Self.clerk)
        try await crashed.recordPrintJob(labels[0].serial, printer: "ipp-1", job: "ipp://p/jobs/1", by: Self.clerk)
        await crashed.close()

        let restarted = try schema.gateway()
        let gate = try Gate(store: restarted, logger: quietLogger)
        let recovered = try await gate.recoverInterruptedPrints(printers: [DiscardingPrinter(name: "ipp-1")])
        #expect(recovered.map(\.serial) == labels.map(\.serial))
        #expect(recovered.map(\.now) == [.printed, .printed, .failed, .failed])
        #expect(recovered[0].reason == "ipp-1/ipp://p/jobs/1")
        #expect(try await gate.recoverInterruptedPrints(printers: []).isEmpty)
        #expect(try await restarted.verifyAuditChain().isIntact)
        await restarted.close()
        await schema.drop()
    }

    @Test func migrateBringsAVersion1SchemaToThePrintTables() async throws {
        let schema = try await TestSchema.make()
        // Back to version 1: what a gateway database created before the print tables looks like.
        for sql in [
            "DROP TABLE print_jobs, print_batches", "DROP FUNCTION labelgate_label_batch_open() CASCADE",
            "DROP FUNCTION labelgate_batch_lock(text, boolean)", "DROP INDEX labels_state",
            "DROP INDEX audit_log_steps_completed", "DELETE FROM labelgate_schema WHERE version >= 2",
        ] {
            try await execute(sql, url: schema.adminURL)
        }
        let ledger = try schema.gateway()
        try await ledger.addRecord(SampleRecords.record(), by: Self.clerk)
        await #expect(throws: LedgerError.self) { try await ledger.printJob(serial: LabelSerial(1)!) }
        try await schema.owner.migrate(grantingTo: "labelgate_app")
        try await schema.owner.migrate(grantingTo: "labelgate_app")
        let record = try SampleRecords.record()
        let label = try await ledger.issueLabel(LabelRequest(coi: record.coi, din: record.dins[0]), by: Self.clerk)
        try await ledger.recordPrintJob(label.serial, printer: "spool", job: nil, by: Self.clerk)
        #expect(try await ledger.printJob(serial: label.serial)?.printer == "spool")
        await ledger.close()
        await schema.drop()
    }

    func rawConnection(_ url: String) async throws -> PostgresConnection {
        let configuration = try PostgresLedgerConfiguration(url: url)
        return try await PostgresConnection.connect(
            configuration: try configuration.connectionConfiguration(), id: 2, logger: quietLogger)
    }
}
