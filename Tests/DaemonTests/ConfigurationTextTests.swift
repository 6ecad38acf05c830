import Foundation
import Testing

@testable import Daemon

/// The configuration text is checked before TOMLKit parses it (found by the toml-config fuzz harness).
@Suite struct ConfigurationTextTests {
    static let minimal = "[daemon]\nledger = \"/tmp/l.sqlite\"\nsocket = \"/tmp/s.sock\"\n"

    @Test func aMinimalConfigurationParses() throws {
        let configuration = try DaemonConfiguration(toml: Self.minimal)
        #expect(configuration.daemon.ledger == "/tmp/l.sqlite")
        // Tabs and CRLF line ends are TOML.
        _ = try DaemonConfiguration(toml: "[daemon]\r\nledger\t= \"l\"\r\nsocket = \"s\"\r\n")
    }

    /// `[` then a control character tripped an assertion inside toml++ (undefined behaviour in release builds); a NUL
    /// ended the text early, so whatever followed it was silently ignored.
    @Test(arguments: [
        "a = \"\u{2}\"\n", "[daemon]\nledger = \"l\"\nsocket = \"s\"\n\u{0}[[tokens]]\n", "a = \"\u{7F}\"", "\u{1B}[0m",
    ])
    func controlCharactersAreATypedErrorBeforeTOMLKitSeesThem(_ text: String) {
        let error = #expect(throws: DaemonError.self) { try DaemonConfiguration(toml: Self.minimal + text) }
        #expect(error?.reason.contains("control character") == true)
    }

    /// toml++ assumes a key follows `[` (TOML_ASSERT_ASSUME): `[` then anything else tripped its assertion in debug
    /// builds, undefined behaviour in release builds.
    @Test(arguments: ["[\n", "[=]", "[[ .a]]", "[\u{FFFD}aemon]", "  [ # comment\n", "[{}]", "\u{FEFF}[#b;"])
    func aTableHeaderWithoutAKeyIsATypedErrorBeforeTOMLKitSeesIt(_ text: String) {
        let error = #expect(throws: DaemonError.self) { try DaemonConfiguration(toml: text + "\n" + Self.minimal) }
        #expect(error?.reason.contains("table header") == true)
    }

    /// A time with UTF-8 in it (`1979-05-27T\u{4C8}\u{C5}2:00Z`) tripped toml++'s assertion in `parse_time` (the
    /// toml-config campaign, after 3.8 million executions; now a date, refused below); TOML allows non-ASCII text only
    /// in strings and comments.
    @Test(arguments: ["m = 27T\u{4C8}\u{C5}2\n", "n = 1\u{E9}\n", "\u{E9}t\u{E9} = 1\n", "a = [ 1, \u{2003}2 ]\n"])
    func nonASCIIOutsideStringsAndCommentsIsATypedErrorBeforeTOMLKitSeesIt(_ text: String) {
        let error = #expect(throws: DaemonError.self) { try DaemonConfiguration(toml: Self.minimal + text) }
        #expect(error?.reason.contains("non-ASCII") == true)
    }

    /// `1979-05-27Tinf32:00Z` tripped the same assertion with ASCII letters; no setting takes a date or a time, so
    /// none is read (found by the toml-config campaign's rerun after 2.6 million executions).
    @Test(arguments: ["i = 1979-05-27Tinf32:00Z\n", "i = 07:32:00\n", "i = 1979-05-27\n", "i = [ 1979-05-27 ]\n"])
    func datesAndTimesAreATypedErrorBeforeTOMLKitSeesThem(_ text: String) {
        let error = #expect(throws: DaemonError.self) { try DaemonConfiguration(toml: Self.minimal + text) }
        #expect(error?.reason.contains("date or time") == true)
    }

    @Test func colonsAndDatesInStringsAndCommentsAreRead() throws {
        let text = Self.minimal + "# installed 2026-12-04 10:00\ntcp = \"127.0.0.1:8080\"\n"
        #expect(try DaemonConfiguration(toml: text).daemon.tcp == "127.0.0.1:8080")
    }

    @Test func nonASCIIInStringsAndCommentsIsRead() throws {
        let configuration = try DaemonConfiguration(
            toml: "# Empfangsstation für Beutel\n" + Self.minimal + "\n[[stations]]\nid = \"dock-1\"\nrole = \"receivingDock\"\n"
                + "title = \"Réception\"\n")
        #expect(configuration.stations.first?.title == "Réception")
    }

    /// toml++ also assumes a value follows `=` and never a `}` where an array expects a value (`[}` tripped it).
    @Test(arguments: ["a = ]\n", "a = # no value\n", "a =\n1\n", "a = [1, }]\n", "a = [\n}]\n", "a = { , }\n"])
    func aMissingValueIsATypedErrorBeforeTOMLKitSeesIt(_ text: String) {
        let error = #expect(throws: DaemonError.self) { try DaemonConfiguration(toml: Self.minimal + text) }
        #expect(error?.reason.contains("expected") == true)
    }

    @Test func theExampleConfigurationPassesTheCheck() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let text = try String(contentsOf: url.appendingPathComponent("systemd/labelgate.toml.example"), encoding: .utf8)
        try TOMLTextCheck.check(text)
        try TOMLTextCheck.check("a = [ # one\n  1, # two\n  { b = 2, c = [] },\n]\nd = {}\ne = [[], [ ]]\n")
    }

    /// Brackets inside values are not headers: arrays of arrays on their own lines, strings and comments.
    @Test(arguments: [
        "a = [\n  [1, 2],\n  [ \"x\" ],\n  [\n    3 ] ]\n", "b = \"\"\"\n[=\n\"\"\"\n", "c = '''\n[\n'''\n",
        "# [=\n", "d = \"[\\\"\"\n", "[ \"quoted key\" ]\n", "[[a.b]]\n", "[ '[' ]\n",
    ])
    func bracketsInsideValuesAreNotHeaders(_ text: String) throws {
        try TOMLTextCheck.check(text)
    }

    @Test func anOversizedConfigurationIsRefused() {
        let padding = "# " + String(repeating: "x", count: DaemonConfiguration.maximumTOMLBytes) + "\n"
        #expect(throws: DaemonError.self) { try DaemonConfiguration(toml: Self.minimal + padding) }
    }
}
