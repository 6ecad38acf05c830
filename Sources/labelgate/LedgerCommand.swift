import ArgumentParser
import LedgerPostgres

/// `labelgate ledger migrate`: sets up a PostgreSQL ledger.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Set up a shared PostgreSQL ledger.", subcommands: [Migrate.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the ledger's schema, tables and triggers (run as the owning role) and grant the gateways' role.",
            discussion: """
                The gateways' role gets SELECT and INSERT, UPDATE of a record's amendable fields and a label's state, and
                no UPDATE, DELETE or TRUNCATE on the append-only tables. Safe to run again.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The role the gateways log in as.") var grant: String?

        func run() async throws {
            guard let url = global.ledger else { throw ValidationError("--ledger postgres://… is required") }
            let ledger = try global.openPostgresLedger(url)
            do {
                try await ledger.migrate(grantingTo: grant)
            } catch {
                throw CLIError("migration failed: \(error)")
            }
            await ledger.close()
            print("ledger schema \(ledger.configuration.schema) is ready\(grant.map { "; granted to \($0)" } ?? "")")
        }
    }
}
