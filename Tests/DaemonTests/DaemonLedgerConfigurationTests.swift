import Daemon
import Foundation
import Gate
import LabelgateCore
import LedgerConformance
import Testing

/// The `[ledger]` table: without it the daemon keeps the SQLite file; with a PostgreSQL URL it uses that ledger, and
/// a database it cannot reach makes the gate refuse with the reason rather than guess.
@Suite("Daemon ledger configuration")
struct DaemonLedgerConfigurationTests {
    @Test func withoutALedgerTableTheDaemonUsesTheSQLiteFile() async throws {
        let fixture = try await DaemonFixture()
        #expect(fixture.configuration.ledger.url == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func anUnreachablePostgresLedgerMakesTheGateRefuseWithTheReason() async throws {
        let url = "postgres://labelgate_app:secret@127.0.0.1:1/labelgate?sslmode=disable&connect_timeout=2"
        let fixture = try await DaemonFixture(extra: "\n[ledger]\nurl = \"\(url)\"\n")
        #expect(fixture.configuration.ledger.url == url)
        let built = try LabelgateDaemon.build(
            configuration: fixture.configuration, logger: DaemonFixture.logger, environment: [:])
        // A genuine label of the sample record: the scan parses, so only the ledger can decide it.
        let record = try SampleRecords.record()
        let serial = try #require(LabelSerial(1))
        let claim = try LabelClaim.issue(for: record, label: LabelParticulars(din: record.dins[0], serial: serial))
        let payload = try LabelPayloadEncoder().encode(claim, profile: .gs1)
        let scan = Scan(bytes: payload.bytes, aimIdentifier: payload.aimIdentifier)
        let outcome = await built.core.submitScan(scan, at: Station(id: "dock-1", role: .receivingDock), by: nil)
        #expect(outcome.verdict.outcome == .refused)
        #expect(outcome.verdict.reason == .ledgerUnavailable)
        #expect(outcome.verdict.detail == "ledger.unavailable")
    }

    @Test func aLedgerURLThatIsNotPostgresIsAConfigurationErrorWithoutThePassword() async throws {
        let fixture = try await DaemonFixture(extra: "\n[ledger]\nurl = \"mysql://user:hunter2@db/x\"\n")
        #expect(throws: DaemonError.self) {
            try LabelgateDaemon.build(configuration: fixture.configuration, logger: DaemonFixture.logger, environment: [:])
        }
        do {
            _ = try LabelgateDaemon.build(
                configuration: fixture.configuration, logger: DaemonFixture.logger, environment: [:])
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
    }
}
