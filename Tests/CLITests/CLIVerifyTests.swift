import Foundation
import Testing

/// End to end through the real `labelgate` binary and a real ledger file.
@Suite(.serialized) struct CLIVerifyTests {
    struct PayloadView: Decodable {
        var serial, coi, aim, payload, hash, profile: String
    }

    func addSampleRecord(_ cli: CLI, json: String = CLI.recordJSON) throws {
        let added = try cli.run(["record", "add"], stdin: Data(json.utf8))
        #expect(added.status == 0, "\(added.stderr)")
    }

    func payload(_ cli: CLI, record: String = "CHA999926AB12CD", profile: String) throws -> PayloadView {
        let result = try cli.run(["label", "payload", "--record", record, "--profile", profile, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(PayloadView.self, from: result.stdoutBytes)
    }

    @Test(arguments: ["gs1", "isbt"])
    func verifyAcceptsThePayloadThatLabelPayloadProduced(profile: String) throws {
        let cli = try CLI()
        try addSampleRecord(cli)
        let issued = try payload(cli, profile: profile)
        let verified = try cli.run(["verify", issued.payload, "--aim", issued.aim])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.hasPrefix("ACCEPTED"))
        let inline = try cli.run(["verify", issued.aim + issued.payload, "--json"])
        #expect(inline.status == 0)
        #expect(inline.stdout.contains("\"outcome\":\"accepted\""))
        let fromStdin = try cli.run(["verify", "-", "--aim", issued.aim], stdin: Data(issued.payload.utf8))
        #expect(fromStdin.status == 0)
    }

    @Test(arguments: ["gs1", "isbt"])
    func verifyRefusesEveryOneCharacterEdit(profile: String) throws {
        let cli = try CLI()
        try addSampleRecord(cli)
        let issued = try payload(cli, profile: profile)
        let bytes = Array(issued.payload.utf8)
        // Every eighth position plus the last: one process per edit keeps this test under a few seconds.
        for position in Set(Array(stride(from: 0, to: bytes.count, by: 8)) + [bytes.count - 1]).sorted() {
            var edited = bytes
            edited[position] = edited[position] == UInt8(ascii: "7") ? UInt8(ascii: "8") : UInt8(ascii: "7")
            let result = try cli.run(["verify", String(decoding: edited, as: UTF8.self), "--aim", issued.aim])
            #expect(result.status == 3, "edit at \(position) gave \(result.status): \(result.stdout)")
            #expect(result.stdout.hasPrefix("REFUSED"))
        }
    }

    @Test func verifyRefusesAfterThePatientDataChanged() throws {
        let cli = try CLI()
        try addSampleRecord(cli)
        let issued = try payload(cli, profile: "isbt")
        let amended = try cli.run(["record", "amend", "CHA999926AB12CD", "--family-name", "Testpersen", "--reason", "registration typo"])
        #expect(amended.status == 0, "\(amended.stderr)")
        let result = try cli.run(["verify", issued.payload, "--aim", issued.aim, "--json"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("\"reason\":\"hashMismatch\""))
    }

    @Test func verifyRefusesAPayloadThatBelongsToAnotherRecord() throws {
        let cli = try CLI()
        try addSampleRecord(cli)
        let other = CLI.recordJSON.replacingOccurrences(of: "CHA999926AB12CD", with: "CHA999926ZZ0001")
            .replacingOccurrences(of: "A999926000001", with: "A999926000071")
            .replacingOccurrences(of: "A999926000002", with: "A999926000072")
            .replacingOccurrences(of: "Testperson", with: "Otherperson")
        try addSampleRecord(cli, json: other)
        let mine = try payload(cli, profile: "isbt")
        let theirs = try payload(cli, record: "CHA999926ZZ0001", profile: "isbt")
        // Their label relabelled with my COI and DIN, keeping their serial and hash.
        let relabelled = theirs.payload.replacingOccurrences(of: "CHA999926ZZ0001", with: "CHA999926AB12CD")
            .replacingOccurrences(of: "A99992600007100", with: "A99992600000100")
        let result = try cli.run(["verify", relabelled, "--aim", "]d1", "--json"])
        #expect(result.status == 3)
        // My label carrying their hash.
        let swapped = mine.payload.replacingOccurrences(of: mine.hash, with: theirs.hash)
        let second = try cli.run(["verify", swapped, "--aim", "]d1", "--json"])
        #expect(second.status == 3)
        #expect(second.stdout.contains("hashMismatch"))
    }

    @Test func recordShowHidesPatientDataUnlessAsked() throws {
        let cli = try CLI()
        try addSampleRecord(cli)
        let shown = try cli.run(["record", "show", "CHA999926AB12CD", "--json"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("CHA999926AB12CD"))
        #expect(!shown.stdout.contains("Testperson"))
        let revealed = try cli.run(["record", "show", "CHA999926AB12CD", "--reveal-patient"])
        #expect(revealed.stdout.contains("Testperson"))
        let listed = try cli.run(["record", "list", "--json"])
        #expect(listed.stdout.contains("A999926000002") && !listed.stdout.contains("Testperson"))
    }
}
