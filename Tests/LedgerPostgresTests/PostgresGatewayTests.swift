import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Synchronization
import Testing

@testable import LedgerPostgres

/// Several gateways (separate `PostgresLedger` instances, as on separate machines) on one database.
@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL server configured"))
struct PostgresGatewayTests {
    static let gateways = 4
    static let printsPerGateway = 25

    @Test func concurrentPrintsOnSeveralGatewaysNeverDuplicateASerialAndKeepOneChain() async throws {
        let schema = try await TestSchema.make()
        let ledgers = try (0..<Self.gateways).map { _ in try schema.gateway("pool_size=4") }
        let record = try SampleRecords.record()
        try await ledgers[0].addRecord(record, by: Actor(.operator, "op-a"))
        let gates = try ledgers.map { try Gate(store: $0, logger: quietLogger) }
        let serials = try await withThrowingTaskGroup(of: LabelSerial.self) { group in
            for (index, gate) in gates.enumerated() {
                for print in 0..<Self.printsPerGateway {
                    group.addTask {
                        let station = Actor(.station, "print-\(index)")
                        let issued = try await gate.issueLabel(
                            coi: record.coi, din: record.dins[print % 2], profile: .isbt, by: station)
                        _ = try await gate.store.transitionLabel(issued.label.serial, to: .printed, by: station, reason: nil)
                        return issued.label.serial
                    }
                }
            }
            var all: [LabelSerial] = []
            for try await serial in group { all.append(serial) }
            return all
        }
        let total = Self.gateways * Self.printsPerGateway
        #expect(serials.count == total && Set(serials).count == total, "duplicate serials across gateways")
        let labels = try await ledgers[1].labels(coi: record.coi)
        #expect(labels.count == total && labels.allSatisfy { $0.state == .printed })
        let report = try await ledgers[2].verifyAuditChain(pageSize: 50)
        #expect(report.isIntact, "chain broken: \(String(describing: report.firstBreak))")
        #expect(report.rowsChecked == 1 + 2 * total && report.lastSequence == Int64(1 + 2 * total))
        for ledger in ledgers { await ledger.close() }
        await schema.drop()
    }

    @Test func aLabelPrintedAtOneGatewayIsExpectedAtAnothersDock() async throws {
        let schema = try await TestSchema.make()
        let printStation = try schema.gateway()
        let dock = try schema.gateway()
        let record = try SampleRecords.record()
        let events = dock.events(after: 0)
        let printer = try Gate(store: printStation, logger: quietLogger)
        try await printStation.addRecord(record, by: Actor(.operator, "op-a"))
        let issued = try await printer.issueLabel(
            coi: record.coi, din: record.dins[0], profile: .isbt, by: Actor(.station, "print-1"))
        _ = try await printStation.transitionLabel(issued.label.serial, to: .printed, by: Actor(.station, "print-1"), reason: nil)
        let serial = issued.label.serial
        let seen = try await within(15) {
            var kinds: [LedgerEvent.Kind] = []
            for await event in events where event.serial == serial {
                kinds.append(event.kind)
                if event.kind == .labelStateChanged(.printed) { break }
            }
            return kinds
        }
        #expect(seen == [.labelIssued, .labelStateChanged(.printed)])
        // The dock accepts the printed label through its own gateway.
        let verdict = await (try Gate(store: dock, logger: quietLogger)).accept(
            Scan(bytes: issued.payload.bytes, aimIdentifier: issued.payload.aimIdentifier),
            at: Station(id: "dock-1", role: .receivingDock))
        #expect(verdict.isAccepted)
        await printStation.close()
        await dock.close()
        await schema.drop()
    }

    @Test func eventsArriveInAuditOrderWithoutGaps() async throws {
        let schema = try await TestSchema.make()
        let writer = try schema.gateway()
        let reader = try schema.gateway()
        let events = reader.events(after: 0)
        let actor = Actor(.operator, "op-a")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for index in 0..<10 {
                        _ = try await writer.appendAudit(AuditEntry(actor: actor, action: "test.event", subject: "\(task)-\(index)"))
                    }
                }
            }
            try await group.waitForAll()
        }
        let sequences = try await within(15) {
            var sequences: [Int64] = []
            for await event in events {
                sequences.append(event.sequence)
                if sequences.count == 40 { break }
            }
            return sequences
        }
        #expect(sequences == Array(1...40))
        await writer.close()
        await reader.close()
        await schema.drop()
    }
}
