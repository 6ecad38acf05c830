import ArgumentParser
import Foundation
import Ledger

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check and read the hash-chained audit trail.",
        subcommands: [Verify.self, List.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the chain and name the first broken link. Exit 0 intact, 3 broken.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let report: AuditChainReport
            do {
                report = try await global.openLedger().verifyAuditChain()
            } catch {
                throw CLIError("\(error)")
            }
            if global.json {
                Output.json(report)
            } else if let broken = report.firstBreak {
                print("BROKEN at row \(broken.sequence): \(broken.kind.rawValue): \(broken.detail)")
            } else {
                print("intact: \(report.rowsChecked) rows, head \(report.lastSequence) \(report.headHash)")
            }
            if !report.isIntact { throw CLIExit.refused.exitCode }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print audit rows in order.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Start after this sequence number.") var after: Int64 = 0
        @Option(help: "At most this many rows.") var limit = 100

        func run() async throws {
            let rows: [AuditRow]
            do {
                rows = try await global.openLedger().auditRows(after: after, limit: limit)
            } catch {
                throw CLIError("\(error)")
            }
            for row in rows {
                if global.json {
                    Output.json(AuditRowView(row))
                } else {
                    print("\(row.sequence)  \(row.timestamp)  \(row.actor)  \(row.action)  \(row.subject ?? "-")  \(row.reason ?? "")  \(row.details)")
                }
            }
        }
    }
}

/// JSON view of an audit row.
struct AuditRowView: Encodable {
    var sequence: Int64
    var timestamp, actor, action: String
    var subject, reason: String?
    var details, previousHash, hash: String

    init(_ row: AuditRow) {
        sequence = row.sequence
        timestamp = row.timestamp
        actor = row.actor
        action = row.action
        subject = row.subject
        reason = row.reason
        details = row.details
        previousHash = Hex.encode(row.previousHash)
        hash = Hex.encode(row.hash)
    }
}
