import Foundation
import Testing

/// The ledger's storage failing under the real CLI: `strace` makes `pwrite64` fail with ENOSPC or EIO, from the first
/// call (SQLite's one-byte writes that reserve the WAL index at open: 8 of them here) or from the ninth (the WAL frames
/// of the issuing transaction). The command refuses with a typed reason (`ledger.full`, `ledger.ioError`), writes
/// nothing half, and the next command on a healthy disk takes the next serial: none lost, none duplicated.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs strace"))
struct CLIStorageFaultTests {
    /// Runs the CLI under strace with `inject` (e.g. `pwrite64:error=EIO`).
    static func faulted(_ cli: CLI, _ inject: String, _ arguments: [String]) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
        process.arguments =
            [
                "-f", "-qq", "-o", "/dev/null", "-e", "trace=pwrite64", "-e", "inject=\(inject)",
                CLI.binary.path,
            ] + arguments + ["--store", cli.store]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
    }

    static func serial(_ result: CLI.Result) -> String? {
        (try? JSONSerialization.jsonObject(with: result.stdoutBytes) as? [String: Any])?["serial"] as? String
    }

    @Test(arguments: [
        ("ENOSPC:when=9+", "ledger.full"), ("EIO:when=9+", "ledger.ioError"), ("EIO", "ledger.ioError"),
        ("ENOSPC", "ledger.ioError"),
    ])
    func aFailingLedgerDiskRefusesWithTheReasonAndLosesNoSerial(errno: String, code: String) throws {
        let cli = try CLI()
        #expect(try cli.run(["record", "add"], stdin: Data(CLI.recordJSON.utf8)).status == 0)
        let issue = ["label", "payload", "--record", "CHA999926AB12CD", "--json"]
        let first = try cli.run(issue)
        #expect(first.status == 0 && Self.serial(first) == "0000000001", "\(first.stderr)")
        for _ in 0..<2 {
            let refused = try Self.faulted(cli, "pwrite64:error=\(errno)", issue)
            #expect(refused.status == 1, "exit \(refused.status): \(refused.stderr)")
            #expect(refused.stderr.contains(code), "\(refused.stderr)")
            #expect(refused.stdout.isEmpty)
        }
        let next = try cli.run(issue)
        #expect(next.status == 0 && Self.serial(next) == "0000000002", "\(next.stdout) \(next.stderr)")
        let listed = try cli.run(["label", "list", "--record", "CHA999926AB12CD", "--json"])
        #expect(listed.stdout.components(separatedBy: "\"serial\"").count - 1 == 2, "\(listed.stdout)")
        #expect(try cli.run(["audit", "verify"]).status == 0)
    }
}
