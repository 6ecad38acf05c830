import Ledger
import Testing

@testable import LedgerPostgres

@Suite struct PostgresConfigurationTests {
    @Test func readsEveryPartOfTheURL() throws {
        let configuration = try PostgresLedgerConfiguration(
            url: "postgres://gate%40site:p%2Fss@db.example:6543/ledger?sslmode=verify-full&sslrootcert=/etc/ca.pem"
                + "&schema=site_a&pool_size=4&connect_timeout=3&statement_timeout=2000&retry_interval=100")
        #expect(configuration.username == "gate@site")
        #expect(configuration.password == "p/ss")
        #expect(configuration.host == "db.example" && configuration.port == 6543 && configuration.database == "ledger")
        #expect(configuration.tlsMode == .verifyFull && configuration.rootCertificatePath == "/etc/ca.pem")
        #expect(configuration.schema == "site_a" && configuration.poolSize == 4)
        #expect(configuration.connectTimeout == .seconds(3) && configuration.statementTimeoutMilliseconds == 2000)
        #expect(configuration.retryInterval == .milliseconds(100))
    }

    @Test func defaultsToPreferredTLSPort5432AndSchemaLabelgate() throws {
        let configuration = try PostgresLedgerConfiguration(url: "postgresql://gate@db/ledger")
        #expect(configuration.port == 5432 && configuration.tlsMode == .prefer && configuration.schema == "labelgate")
        #expect(configuration.password == nil)
    }

    @Test(arguments: [
        "mysql://gate@db/ledger", "postgres://db/ledger", "postgres://gate@db/", "postgres://gate@db/ledger?sslmod=require",
        "postgres://gate@db/ledger?sslmode=sometimes", "postgres://gate@db/ledger?schema=Robert%27);DROP",
        "postgres://gate@db/ledger?pool_size=0",
    ])
    func refusesAnUnusableURL(url: String) {
        #expect(throws: LedgerError.self) { try PostgresLedgerConfiguration(url: url) }
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let configuration = try PostgresLedgerConfiguration(url: "postgres://gate:secret@db/ledger?sslmode=require")
        #expect(!configuration.description.contains("secret"))
    }

    @Test func schemaScriptSplitsOutsideFunctionBodies() {
        let statements = PostgresSchema.statements(PostgresSchema.v1)
        #expect(statements.allSatisfy { $0.hasSuffix(";") })
        #expect(statements.contains { $0.hasPrefix("CREATE FUNCTION labelgate_audit_extends_chain") && $0.contains("RETURN NEW;") })
    }
}
