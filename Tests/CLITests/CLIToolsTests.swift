import Foundation
import GRDB
import Testing

@Suite struct CLIToolsTests {
    @Test func isbtCheckPrintsThePublishedCheckCharacters() throws {
        let cli = try CLI()
        for (din, k) in [("G123417654321", "A"), ("G123498654321", "H"), ("A999818123456", "N"), ("W000009123456", "G")] {
            let result = try cli.run(["--no-store", "isbt", "check", din])
            #expect(result.status == 0)
            #expect(result.stdout == k + "\n")
        }
        let bad = try cli.run(["--no-store", "isbt", "check", "O123417654321"])
        #expect(bad.status == 2)
    }

    @Test func gs1ParseListsElementsOrATypedError() throws {
        let cli = try CLI()
        let ok = try cli.run(["--no-store", "gs1", "parse", "(01)09506000134352(10)ABC123(21)7", "--json"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("\"ai\":\"10\"") && ok.stdout.contains("ABC123"))
        let bad = try cli.run(["--no-store", "gs1", "parse", "(01)09506000134353", "--json"])
        #expect(bad.status == 3)
        #expect(bad.stdout.contains("gs1.badCheckDigit"))
    }

    @Test func usageErrorsExitWithTwo() throws {
        let cli = try CLI()
        #expect(try cli.run(["--no-store", "verify"]).status == 2)
        #expect(try cli.run(["--no-store", "frobnicate"]).status == 2)
        #expect(try cli.run(["label", "payload", "--record", "CHA999926AB12CD", "--profile", "pdf417"]).status == 2)
    }

    @Test func auditVerifyNamesTheFirstBrokenRow() throws {
        let cli = try CLI()
        let added = try cli.run(["record", "add"], stdin: Data(CLI.recordJSON.utf8))
        #expect(added.status == 0)
        for _ in 0..<3 { _ = try cli.run(["label", "payload", "--record", "CHA999926AB12CD", "--profile", "isbt"]) }
        let intact = try cli.run(["audit", "verify"])
        #expect(intact.status == 0, "\(intact.stdout)")
        #expect(intact.stdout.hasPrefix("intact: 4 rows"))
        let queue = try DatabaseQueue(path: cli.store)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET actor = 'operator:mallory' WHERE seq = 2")
        }
        let broken = try cli.run(["audit", "verify", "--json"])
        #expect(broken.status == 3)
        #expect(broken.stdout.contains("\"sequence\":2"))
        #expect(broken.stdout.contains("alteredRow"))
    }
}
