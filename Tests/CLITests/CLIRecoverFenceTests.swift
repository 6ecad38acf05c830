import Foundation
import Ledger
import Logging
import Testing

/// `labelgate printers --recover` never settles the jobs of a running daemon: while another process holds the
/// gateway it refuses (exit 3) and changes nothing; once the gateway is free it settles that gateway's jobs.
@Suite struct CLIRecoverFenceTests {
    @Test func recoveryIsRefusedWhileTheGatewayIsHeldAndSettlesOnceItIsFree() async throws {
        let cli = try CLI()
        #expect(try cli.run(["record", "add"], stdin: Data(CLI.recordJSON.utf8)).status == 0)
        let spool = URL(fileURLWithPath: cli.store).deletingLastPathComponent().appendingPathComponent("spool").path
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let ledger = try SQLiteLedger(path: cli.store, logger: logger)
        let record = try #require(try await ledger.record(din: "A999926000001"))
        let fence = try PrintFence(gateway: "gw-test", incarnation: "crashed-run")
        let label = try await ledger.issueLabel(
            LabelRequest(
                coi: record.coi, din: record.dins[0], template: "bag@1",
                printJob: PrintJobClaim(printer: "spool", fence: fence)), by: .system)
        let recover = ["printers", "--recover", "--gateway", "gw-test", "--spool", spool]

        let daemon = try await ledger.holdGateway("gw-test")
        let refused = try cli.run(recover)
        #expect(refused.status == 3, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stderr.contains("held by another process"), "\(refused.stderr)")
        #expect(try await ledger.label(serial: label.serial)?.state == .issued)

        await daemon.release()
        let settled = try cli.run(recover)
        #expect(settled.status == 0, "\(settled.stdout) \(settled.stderr)")
        #expect(settled.stdout.contains("recovered \(label.serial)  issued -> failed"), "\(settled.stdout)")
        #expect(try await ledger.label(serial: label.serial)?.state == .failed)
    }
}
