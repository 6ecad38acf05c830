import ArgumentParser
import Foundation
import Gate
import LabelgateCore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a scanned payload against the ledger. Exit 0 accepted, 3 refused, 2 usage error.",
        discussion: "Pass '-' to read the raw scan bytes from stdin (GS bytes intact). The verdict is audited.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The scanned data, optionally starting with its AIM identifier; '-' reads stdin.") var scan: String
    @Option(help: "AIM symbology identifier, e.g. ]d2, when the scan does not start with it.") var aim: String?
    @Option(help: "Station ID recorded in the audit trail.") var station = "cli"
    @Option(help: "Station role: verification, printStation, receivingDock, bedside.") var role: Station.Role =
        .verification

    func run() async throws {
        let bytes: [UInt8] = scan == "-" ? Array(FileHandle.standardInput.readDataToEndOfFile()) : Array(scan.utf8)
        let gate = try global.openGate()
        let verdict = await gate.accept(
            Scan(bytes: bytes, aimIdentifier: aim), at: Station(id: station, role: role), by: global.actor)
        if global.json {
            Output.json(verdict)
        } else if verdict.isAccepted {
            print("ACCEPTED  serial \(verdict.serial ?? "-")  COI \(verdict.coi ?? "-")  DIN \(verdict.din ?? "-")")
        } else {
            print("REFUSED   \(verdict.reason?.rawValue ?? "")  \(verdict.message)")
        }
        if !verdict.isAccepted { throw CLIExit.refused.exitCode }
    }
}

extension Station.Role: ExpressibleByArgument {}
