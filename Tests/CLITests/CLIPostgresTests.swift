import Foundation
import Testing

/// The CLI on a PostgreSQL ledger (`--ledger postgres://…`), against the server scripts/services/postgres.sh starts.
/// Skipped without one, unless LABELGATE_REQUIRE_POSTGRES=1 (CI), where a missing server fails.
@Suite(.enabled(
    if: ProcessInfo.processInfo.environment["LABELGATE_TEST_POSTGRES_URL"] != nil
        || ProcessInfo.processInfo.environment["LABELGATE_REQUIRE_POSTGRES"] == "1",
    "no PostgreSQL server configured"))
struct CLIPostgresTests {
    @Test func auditVerifyAndTheLabelCommandsWorkOnAPostgresLedger() throws {
        let environment = ProcessInfo.processInfo.environment
        let app = try #require(environment["LABELGATE_TEST_POSTGRES_URL"], "run through scripts/test")
        let admin = try #require(environment["LABELGATE_TEST_POSTGRES_ADMIN_URL"], "run through scripts/test")
        let schema = "cli_" + UUID().uuidString.prefix(8).lowercased()
        let ledger = app + "&schema=\(schema)"
        let cli = try CLI()
        let migrated = try cli.run(
            ["--no-store", "ledger", "migrate", "--ledger", admin + "&schema=\(schema)", "--grant", "labelgate_app"])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let added = try cli.run(["--no-store", "record", "add", "--ledger", ledger], stdin: Data(CLI.recordJSON.utf8))
        #expect(added.status == 0, "\(added.stderr)")
        let issued = try cli.run(
            ["--no-store", "label", "payload", "--record", "CHA999926AB12CD", "--ledger", ledger, "--json"])
        #expect(issued.status == 0, "\(issued.stderr)")
        let view = try #require(try JSONSerialization.jsonObject(with: issued.stdoutBytes) as? [String: Any])
        let payload = try #require(view["payload"] as? String)
        let aim = try #require(view["aim"] as? String)
        let serial = try #require(view["serial"] as? String)
        #expect(try cli.run(["--no-store", "label", "mark", serial, "--state", "printed", "--ledger", ledger]).status == 0)
        let verdict = try cli.run(
            ["--no-store", "verify", payload, "--aim", aim, "--role", "receivingDock", "--ledger", ledger])
        #expect(verdict.status == 0 && verdict.stdout.hasPrefix("ACCEPTED"), "\(verdict.stdout) \(verdict.stderr)")
        let audit = try cli.run(["--no-store", "audit", "verify", "--ledger", ledger])
        #expect(audit.status == 0 && audit.stdout.hasPrefix("intact: 4 rows"), "\(audit.stdout) \(audit.stderr)")
    }

    @Test func anUnreachablePostgresLedgerIsReportedNotGuessed() throws {
        let cli = try CLI()
        let verdict = try cli.run(
            ["--no-store", "audit", "verify", "--ledger", "postgres://gate:pw@127.0.0.1:1/ledger?sslmode=disable"])
        #expect(verdict.status == 1)
        #expect(verdict.stderr.contains("127.0.0.1:1"), "\(verdict.stderr)")
    }
}
