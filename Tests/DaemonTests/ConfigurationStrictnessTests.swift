import Daemon
import Foundation
import Testing

/// labelgate.toml is read strictly: a key no table of that kind has, or a value read as something else than written,
/// refuses the start and names the key and the table (a misspelt security setting is worse than a refused start).
@Suite("Configuration: unknown keys and malformed values are errors")
struct ConfigurationStrictnessTests {
    static let daemon = """
        [daemon]
        ledger = "/tmp/x.sqlite"
        socket = "/tmp/x.sock"

        """
    static let station = """
        [[stations]]
        id = "dock-1"
        role = "receivingDock"

        """

    /// The reason the configuration is refused with, or nil when it is accepted.
    static func refusal(_ toml: String) -> String? {
        do {
            _ = try DaemonConfiguration(toml: toml)
            return nil
        } catch {
            #expect(error.code == .configuration)
            return error.reason
        }
    }

    @Test(arguments: [
        // (document, key, table as named in the error)
        (daemon + "max_body_byte = 10\n", "max_body_byte", "[daemon]"),
        (daemon + "[ledger]\nurl = \"postgres://x@h/db\"\nsslmode = \"disable\"\n", "sslmode", "[ledger]"),
        (
            daemon + "[[printers]]\nname = \"p\"\nkind = \"file\"\ndirectory = \"/tmp/s\"\ndpii = 300\n", "dpii",
            "[[printers]]"
        ),
        (daemon + station + "titel = \"Dock\"\n", "titel", "[[stations]]"),
        (
            daemon + station + "scanners = [{ vendor = \"05f9\", prodcut = \"2206\" }]\n", "prodcut",
            "a scanner of [[stations]]"
        ),
        (
            daemon
                + "[[tokens]]\nname = \"k\"\nrole = \"kiosk\"\nsha256 = \"\(String(repeating: "0", count: 64))\"\nscope = \"all\"\n",
            "scope", "[[tokens]]"
        ),
        (
            daemon + "[[operators]]\nbadge = \"B1\"\nname = \"A\"\npin_hash = \"x\"\npin = \"1111\"\n", "pin",
            "[[operators]]"
        ),
        (daemon + "[deamon]\nusb = false\n", "deamon", "top level"),
    ])
    func anUnknownKeyIsRefusedNamingTheKeyAndTheTable(document: String, key: String, table: String) throws {
        let reason = try #require(Self.refusal(document), "accepted: \(document)")
        #expect(reason.contains("unknown key \"\(key)\""), "\(reason)")
        #expect(reason.contains(table), "\(reason)")
    }

    @Test func theErrorSaysWhichEntryOfAnArrayOfTablesHoldsTheKey() throws {
        let toml =
            Self.daemon + Self.station + """
                [[stations]]
                id = "bed-1"
                role = "bedside"
                scanners = [{ vendor = "0c2e" }, { vendor = "05e0", seriall = "X" }]
                """
        let reason = try #require(Self.refusal(toml))
        #expect(reason.contains("stations[1].scanners[1]"), "\(reason)")
    }

    @Test(arguments: [
        "{ vendor = \"0x05f9\" }", "{ vendor = \"5f9\" }", "{ vendor = \"05f9 \" }", "{ vendor = \"+5f9\" }",
        "{ vendor = \"05fg\" }", "{ vendor = \"105f9\" }", "{ vendor = \"05f9\", product = \"-206\" }",
        "{ product = \"22 6\" }", "{ vendor = \"05f9\", port = \"1-\" }", "{ vendor = \"05f9\", port = \"usb1\" }",
        "{ vendor = \"05f9\", port = \"1-4/2\" }", "{ vendor = \"05f9\", serial = \"\" }", "{}",
    ])
    func aScannerEntryWhoseValuesDoNotParseIsRefusedNotReadAsAnyScanner(entry: String) throws {
        let toml = Self.daemon + Self.station + "scanners = [\(entry)]\n"
        let reason = try #require(Self.refusal(toml), "accepted: \(entry)")
        #expect(reason.contains("dock-1"), "\(reason)")
    }

    @Test func wellFormedScannerEntriesAreAccepted() throws {
        let toml =
            Self.daemon + Self.station
            + "scanners = [{ vendor = \"05F9\", product = \"2206\", port = \"1-4.2\" }, { serial = \"HW-1\" }]\n"
        let configuration = try DaemonConfiguration(toml: toml)
        let scanners = configuration.stations[0].scanners
        #expect(scanners[0].vendorID == 0x05F9 && scanners[0].productID == 0x2206 && scanners[0].port == "1-4.2")
        #expect(scanners[1].vendorID == nil && scanners[1].serial == "HW-1")
    }

    @Test func aScannerBoundToTwoStationsByTheSameCriteriaIsRefused() throws {
        let toml =
            Self.daemon + Self.station + "scanners = [{ vendor = \"05f9\" }]\n" + """
                [[stations]]
                id = "bed-1"
                role = "bedside"
                scanners = [{ vendor = "05f9" }]
                """
        let reason = try #require(Self.refusal(toml))
        #expect(reason.contains("dock-1") && reason.contains("bed-1"), "\(reason)")
    }

    @Test(arguments: [
        ("zpl", "uri = \"ipp://h/ipp/print\"\nhost = \"h\"", "uri"),
        ("ipp", "uri = \"ipp://h/ipp/print\"\nwindow = 2", "window"),
        ("file", "directory = \"/tmp/s\"\nhost = \"h\"", "host"),
    ])
    func aPrinterKeyItsKindDoesNotUseIsRefused(kind: String, keys: String, offending: String) throws {
        let toml = Self.daemon + "[[printers]]\nname = \"p\"\nkind = \"\(kind)\"\n\(keys)\n"
        let reason = try #require(Self.refusal(toml))
        #expect(reason.contains("\"\(offending)\"") && reason.contains(kind), "\(reason)")
    }

    @Test(arguments: [
        "max_connections = 0", "max_connections = 100000", "event_heartbeat_seconds = 0", "stalled_write_seconds = 0",
        "idle_timeout_seconds = 0", "max_connections = \"many\"",
    ])
    func boundsOutOfRangeAreRefused(line: String) {
        #expect(Self.refusal(Self.daemon + line + "\n") != nil, "\(line)")
    }

    @Test(arguments: [
        "[[printers]]\nname = \"z\"\nkind = \"zpl\"\nhost = \"h\"\nwindow = 10\n",
        "[[printers]]\nname = \"z\"\nkind = \"zpl\"\nhost = \"h\"\nwindow = 0\n",
        "[[operators]]\nbadge = \"B1\"\nname = \"A\"\npin_hash = \"1111\"\n",
        "[[operators]]\nbadge = \"B1\"\nname = \"A\"\npin_hash = \"sha256:00:00\"\n",
        "[[operators]]\nbadge = \"\"\nname = \"A\"\npin_hash = \"\(ConfigurationStrictnessTests.pin)\"\n",
        "[[operators]]\nbadge = \"B1\"\nname = \"A\"\npin_hash = \"\(ConfigurationStrictnessTests.pin)\"\n"
            + "[[operators]]\nbadge = \"B1\"\nname = \"B\"\npin_hash = \"\(ConfigurationStrictnessTests.pin)\"\n",
        "[[tokens]]\nname = \"a\"\nrole = \"kiosk\"\nsha256 = \"\(String(repeating: "a", count: 64))\"\n"
            + "[[tokens]]\nname = \"b\"\nrole = \"admin\"\nsha256 = \"\(String(repeating: "A", count: 64))\"\n",
    ])
    func valuesThatWouldBeReadAsSomethingElseAreRefused(tables: String) {
        #expect(Self.refusal(Self.daemon + tables) != nil, "\(tables)")
    }

    static let pin = "sha256:00112233445566778899aabbccddeeff:" + String(repeating: "0", count: 64)

    @Test(arguments: [
        "tcp = \"127.0.0.1\"", "tcp = \"127.0.0.1:0\"", "tcp = \"127.0.0.1:70000\"", "tcp = \":8080\"",
        "tcp = \"h:+80\"",
    ])
    func aTCPListenerThatCannotBeBoundAsWrittenIsRefused(line: String) {
        #expect(Self.refusal(Self.daemon + line + "\n") != nil, "\(line)")
    }

    @Test func aSocketPathTooLongForSockaddrIsRefused() {
        let toml = "[daemon]\nledger = \"/tmp/x.sqlite\"\nsocket = \"/\(String(repeating: "s", count: 120))\"\n"
        #expect(Self.refusal(toml)?.contains("socket") == true)
    }

    @Test func theBoundsHaveSaneDefaults() throws {
        let settings = try DaemonConfiguration(toml: Self.daemon).daemon
        #expect(settings.maxConnections == 256)
        #expect(settings.eventHeartbeatSeconds == 15)
        #expect(settings.stalledWriteSeconds == 10)
    }

    @Test func theExampleConfigurationIsValidAndEveryKeyItDocumentsIsKnown() throws {
        let example = DaemonFixture.repositoryRoot.appendingPathComponent("systemd/labelgate.toml.example")
        _ = try DaemonConfiguration(path: example.path)
        // The commented-out keys too: uncommented, the file must still be accepted.
        let text = try String(contentsOf: example, encoding: .utf8)
        // A commented-out setting is `# key = value` alone on its line, or a `# [table]` header.
        let setting = try Regex(#"^# ([a-z_]+ = ("[^"]*"|[0-9]+|true|false|\[.*\])|\[\[?[a-z]+\]\]?)$"#)
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.wholeMatch(of: setting) != nil ? String(line.dropFirst(2)) : String(line)
        }.joined(separator: "\n")
        #expect(uncommented != text)
        let configuration = try DaemonConfiguration(toml: uncommented)
        #expect(configuration.ledger.url != nil)
        #expect(configuration.printers.map(\.kind) == ["file", "zpl", "ipp"])
    }
}
