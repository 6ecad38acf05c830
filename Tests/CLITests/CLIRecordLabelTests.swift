import Foundation
import Testing

@Suite struct CLIRecordLabelTests {
    @Test func recordAddWithFlagsThenLabelLifecycle() throws {
        let cli = try CLI()
        let added = try cli.run([
            "record", "add", "--coi", "CHW000026XY9876", "--din", "W000026123456", "--din", "W000026123457",
            "--product", "S1234X00", "--facility", "W0000", "--collected", "2026-01-02T23:59Z",
            "--family-name", "Flagperson", "--given-name", "Sam", "--dob", "1984-02-29", "--json",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("\"coi\":\"CHW000026XY9876\"") && !added.stdout.contains("Flagperson"))

        let payload = try cli.run([
            "label", "payload", "--record", "CHW000026XY9876", "--din", "W000026123457", "--flags", "02", "--json",
        ])
        #expect(payload.status == 0, "\(payload.stderr)")
        #expect(payload.stdout.contains("\"flags\":\"02\"") && payload.stdout.contains("\"din\":\"W000026123457\""))

        #expect(try cli.run(["label", "mark", "0000000001", "--state", "voided"]).status == 1)  // needs a reason
        let voided = try cli.run(["label", "mark", "0000000001", "--state", "voided", "--reason", "smudged", "--json"])
        #expect(voided.status == 0)
        #expect(voided.stdout.contains("\"state\":\"voided\""))
        #expect(try cli.run(["label", "mark", "0000000001", "--state", "printed"]).status == 1)  // voided is final

        let listed = try cli.run(["label", "list", "--record", "CHW000026XY9876"])
        #expect(listed.stdout.contains("0000000001  W000026123457 02  voided"))
        let gs1WithoutGTIN = try cli.run(["label", "payload", "--record", "CHW000026XY9876", "--profile", "gs1"])
        #expect(gs1WithoutGTIN.status == 1)
        #expect(gs1WithoutGTIN.stderr.contains("GTIN"))
    }

    @Test func recordAddRejectsBadInputWithoutWritingAnything() throws {
        let cli = try CLI()
        let badJSON = try cli.run(["record", "add"], stdin: Data("{not json".utf8))
        #expect(badJSON.status == 2)
        let badDIN = CLI.recordJSON.replacingOccurrences(of: "A999926000001", with: "O999926000001")
        #expect(try cli.run(["record", "add"], stdin: Data(badDIN.utf8)).status == 1)
        let control = CLI.recordJSON.replacingOccurrences(of: "Testperson", with: "Test\\u0007person")
        #expect(try cli.run(["record", "add"], stdin: Data(control.utf8)).status == 1)
        let listed = try cli.run(["record", "list", "--json"])
        #expect(listed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}
