import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Synchronization
import Testing

@testable import LedgerPostgres

/// When the database is unreachable the gate refuses at once and says why, and recovers by itself.
@Suite struct PostgresOutageTests {
    @Test func anUnreachableDatabaseIsRefusedAtOnceWithTheReason() async throws {
        // Nothing listens on port 1 of the loopback interface.
        let ledger = try PostgresLedger(
            url: "postgres://gate:pw@127.0.0.1:1/ledger?sslmode=disable&connect_timeout=60", logger: quietLogger)
        let gate = try Gate(store: ledger, logger: quietLogger)
        let clock = ContinuousClock()
        let start = clock.now
        let record = try SampleRecords.record()
        let claim = try LabelClaim.issue(
            for: record, label: LabelParticulars(din: record.dins[0], serial: try #require(LabelSerial(1))))
        let payload = try LabelPayloadEncoder().encode(claim, profile: .isbt)
        let verdict = await gate.accept(
            Scan(bytes: payload.bytes, aimIdentifier: payload.aimIdentifier), at: Station(id: "dock-1", role: .receivingDock))
        #expect(!verdict.isAccepted)
        #expect(verdict.reason == .ledgerUnavailable)
        // It answers at once instead of waiting for the server (a pool that queues requests while it retries would
        // hang here for a minute); the bound is loose because the whole suite shares two cores.
        #expect(clock.now - start < .seconds(20))
        let coi = record.coi
        do {
            _ = try await ledger.record(coi: coi)
            Issue.record("a read from an unreachable database succeeded")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.reason.contains("127.0.0.1:1"), "the reason should name the server: \(error.reason)")
        }
        #expect(ledger.isUnavailable)
        await ledger.close()
    }

    /// One scan's outcome and when it was asked and answered.
    struct Attempt: Sendable {
        var started: ContinuousClock.Instant
        var finished: ContinuousClock.Instant
        var verdict: Verdict
    }

    @Test(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL server configured"))
    func aDatabaseRestartMidRunLosesNoAuditRowAndRefusesScansWhileDown() async throws {
        let cluster = try PostgresTestEnvironment.restartable()
        let schema = try await TestSchema.make(app: cluster.app, admin: cluster.admin, prefix: "restart")
        let dockLedger = try schema.gateway("retry_interval=100&pool_size=4")
        let watcher = try schema.gateway("retry_interval=100")
        let events = watcher.events(after: 0)
        let record = try SampleRecords.record()
        try await dockLedger.addRecord(record, by: Actor(.operator, "op-a"))
        let printer = try Gate(store: dockLedger, logger: quietLogger)
        let issued = try await printer.issueLabel(coi: record.coi, din: record.dins[0], profile: .isbt, by: Actor(.station, "p"))
        _ = try await dockLedger.transitionLabel(issued.label.serial, to: .printed, by: Actor(.station, "p"), reason: nil)
        let scan = Scan(bytes: issued.payload.bytes, aimIdentifier: issued.payload.aimIdentifier)
        let gate = try Gate(store: dockLedger, logger: quietLogger)
        let station = Station(id: "dock-1", role: .receivingDock)

        let running = RunningFlag()
        let clock = ContinuousClock()
        let scanners = Task {
            await withTaskGroup(of: [Attempt].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var attempts: [Attempt] = []
                        while running.value.load(ordering: .relaxed) {
                            let started = clock.now
                            let verdict = await gate.accept(scan, at: station)
                            attempts.append(Attempt(started: started, finished: clock.now, verdict: verdict))
                            try? await Task.sleep(for: .milliseconds(5))
                        }
                        return attempts
                    }
                }
                return await group.reduce(into: []) { $0 += $1 }
            }
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try await shell(cluster.stop) == 0, "could not stop the server")
        let down = clock.now
        try await Task.sleep(for: .seconds(1.5))
        do {
            _ = try await dockLedger.label(serial: issued.label.serial)
            Issue.record("a read succeeded while the database was down")
        } catch {
            #expect(error.code == .unavailable && error.reason.contains("PostgreSQL"), "reason: \(error.reason)")
        }
        let restarting = clock.now
        #expect(try await shell(cluster.start) == 0, "could not start the server")
        let up = clock.now
        try await Task.sleep(for: .seconds(2))
        running.value.store(false, ordering: .relaxed)
        let attempts = await scanners.value

        let whileDown = attempts.filter { $0.started > down && $0.finished < restarting }
        #expect(!whileDown.isEmpty, "no scan was tried while the database was down")
        #expect(whileDown.allSatisfy { !$0.verdict.isAccepted }, "a scan was accepted while the database was down")
        #expect(whileDown.allSatisfy { $0.verdict.reason == .ledgerUnavailable })
        #expect(attempts.contains { $0.finished < down && $0.verdict.isAccepted }, "nothing accepted before the restart")
        #expect(attempts.contains { $0.started > up && $0.verdict.isAccepted }, "the gate did not recover by itself")

        // Every accept the gate answered was durably audited: its row survived the crash-restart.
        let rows = try await dockLedger.auditRows(after: 0, limit: 1_000_000)
        let bySequence = Dictionary(uniqueKeysWithValues: rows.map { ($0.sequence, $0) })
        let accepted = attempts.filter { $0.verdict.isAccepted }
        for attempt in accepted {
            let sequence = try #require(attempt.verdict.auditSequence)
            let row = bySequence[sequence]
            #expect(row?.action == "verdict.accepted" && row?.subject == issued.label.serial.text, "audit row \(sequence) lost")
        }
        #expect(Set(accepted.compactMap(\.verdict.auditSequence)).count == accepted.count)
        let report = try await dockLedger.verifyAuditChain()
        #expect(report.isIntact, "chain broken: \(String(describing: report.firstBreak))")

        // The other gateway's event feed reconnected by itself and missed nothing.
        let head = report.lastSequence
        let delivered = try await within(90) {
            var sequences: [Int64] = []
            for await event in events {
                sequences.append(event.sequence)
                if event.sequence >= head { break }
            }
            return sequences
        }
        #expect(delivered == Array(1...head), "the event feed lost or repeated events across the restart")
        await dockLedger.close()
        await watcher.close()
        await schema.drop()
    }
}

/// Tells the scanning tasks to keep going.
final class RunningFlag: Sendable {
    let value = Atomic<Bool>(true)
}
