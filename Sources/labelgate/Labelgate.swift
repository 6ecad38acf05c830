import ArgumentParser
import Foundation
import Gate

/// `labelgate`: offline tools over a ledger file, and (later) the daemon's client.
@main
struct Labelgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labelgate",
        abstract: "The identity gate for cell-therapy bag labels.",
        discussion: "Exit codes: 0 success or accepted, 3 refused or broken, 2 usage error, 1 other failure.",
        subcommands: [
            RecordCommand.self, LabelCommand.self, VerifyCommand.self, AuditCommand.self, ISBTCommand.self,
            GS1Command.self, BenchCommand.self, PrintBenchCommand.self, PrintCommand.self, LedgerCommand.self,
            PrintersCommand.self, ReprintCommand.self, BatchCommand.self,
            UdevRulesCommand.self, DockCommand.self, DockBenchCommand.self, TagCommand.self, TagBenchCommand.self,
            // daemon client (issue 6)
            StatusCommand.self, DevicesCommand.self, WatchCommand.self, ScanCommand.self, APIBenchCommand.self,
        ])

    /// Runs the command, mapping usage errors to exit code 2 as the documentation promises.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            if code == .validationFailure { Foundation.exit(CLIExit.usage.rawValue) }
            Foundation.exit(code.rawValue)
        }
    }
}

/// The exit codes labelgate documents.
enum CLIExit: Int32 {
    /// Success, or the label was accepted.
    case ok = 0
    /// Any other failure (ledger unavailable, unknown record…).
    case failure = 1
    /// The command line was wrong.
    case usage = 2
    /// The label was refused, or the audit chain is broken.
    case refused = 3

    var exitCode: ExitCode { ExitCode(rawValue) }

    /// 3 when the gate refused, 1 when it could not decide.
    static func exitCode(for error: GateError) -> ExitCode {
        (error.isRefusal ? CLIExit.refused : CLIExit.failure).exitCode
    }
}
