import Foundation
import LabelgateCore
import Testing

/// An interactive fake scanner (scripts/usb/fake_scanner.py, a umockdev ioctl handler) plugged into the real libusb,
/// read by the real `labelgate dock`: end-to-end acceptance, hotplug, and bad input.
@Suite("umockdev: emulated scanners into the dock", .serialized, .enabled(if: Umockdev.enabled))
struct EmulatedScannerTests {
    static var honeywell: [String: Any] {
        [
            "vid": "0c2e", "pid": "0b87", "kind": "pos", "serial": "HW-0001", "port": "1-3",
            "encoding": ["pos": "honeywell"],
        ]
    }
    static var datalogicDE: [String: Any] {
        [
            "vid": "05f9", "pid": "2206", "kind": "wedge", "serial": "DL-0001", "port": "1-4",
            "encoding": ["layout": "de", "gs": "alt", "suffix": "tab", "releases": false],
        ]
    }
    static let config = """
        {"station": {"id": "dock-1", "role": "receivingDock"},
         "devices": [{"vendorID": "05f9", "wedge": {"layout": "de"}}]}
        """

    static func hex(_ bytes: [UInt8]) -> String { hexString(bytes) }

    @Test(.timeLimit(.minutes(1)))
    func aLabelgatePayloadScannedThroughAnEmulatedScannerIsAcceptedAndAForgeryRefused() async throws {
        try Umockdev.check()
        let fixture = try await LedgerFixture()
        let gs1 = try await fixture.printedPayload(.gs1)
        let isbt = try await fixture.printedPayload(.isbt)
        let forgedGS1 = gs1.forged(at: 40)
        let forgedISBT = isbt.forged(at: 60)
        let plan: [String: Any] = [
            "devices": ["pos": Self.honeywell, "kbd": Self.datalogicDE],
            "steps": [
                ["plug": "pos"], ["waitOpen": "pos", "timeout": 10],
                ["scan": "pos", "hex": Self.hex(gs1.bytes), "aim": gs1.aimIdentifier],
                ["scan": "pos", "hex": Self.hex(forgedGS1), "aim": gs1.aimIdentifier],
                ["waitDrained": "pos", "timeout": 10],
                ["plug": "kbd"], ["waitOpen": "kbd", "timeout": 10],
                ["scan": "kbd", "hex": Self.hex(Array(isbt.aimIdentifier.utf8) + isbt.bytes)],
                ["scan": "kbd", "hex": Self.hex(Array(isbt.aimIdentifier.utf8) + forgedISBT)],
                ["scan": "kbd", "hex": Self.hex(Array(gs1.aimIdentifier.utf8) + gs1.bytes)],
                ["waitDrained": "kbd", "timeout": 20],
            ],
            "clientTimeout": 30,
        ]
        let config = try Umockdev.configuration(Self.config)
        let result = try Umockdev.emulate(
            plan: plan, store: fixture.path, dockArguments: ["--config", config, "--stop-after-scans", "5"], limit: 50)
        let verdicts = result.events.of("verdict")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            verdicts.map { $0["outcome"] ?? "" } == ["accepted", "refused", "accepted", "refused", "accepted"],
            "\(result.stdout)\n\(result.stderr)")
        #expect(
            verdicts.map { $0["device"] ?? "" } == [
                "0c2e:0b87@1-3", "0c2e:0b87@1-3", "05f9:2206@1-4", "05f9:2206@1-4", "05f9:2206@1-4",
            ])
        let scanned = result.events.of("scanned")
        #expect(scanned.first?["hex"] == Self.hex(gs1.bytes))
        #expect(scanned.first?["aim"] == "]d2")
        #expect(scanned.dropFirst(2).first?["hex"] == Self.hex(Array(isbt.aimIdentifier.utf8) + isbt.bytes))
        let audit = try await fixture.ledger.verifyAuditChain()
        #expect(audit.isIntact)
    }

    @Test(.timeLimit(.minutes(3)))
    func plugAndUnplugAHundredTimesWhileScanningDeliversEveryCompletedScanExactlyOnce() async throws {
        try Umockdev.check()
        let fixture = try await LedgerFixture()
        var steps: [[String: Any]] = []
        var complete: [String] = []
        var partial: [String] = []
        for cycle in 0..<100 {
            let name = cycle.isMultiple(of: 2) ? "pos" : "kbd"
            // HID POS reports carry the AIM identifier apart from the data; the wedge types it first.
            let prefix = name == "pos" ? [] : Array("]C0".utf8)
            let first = Array("CYCLE\(cycle)A".utf8)
            let second = Array("CYCLE\(cycle)B".utf8)
            let cut = Array("CYCLE\(cycle)PARTIAL".utf8) + [UInt8](repeating: UInt8(ascii: "X"), count: 100)
            complete += [Self.hex(Array("]C0".utf8) + first), Self.hex(Array("]C0".utf8) + second)]
            partial.append(Self.hex(Array("]C0".utf8) + cut))
            steps += [
                ["plug": name], ["waitOpen": name, "timeout": 10],
                ["scan": name, "hex": Self.hex(prefix + first), "aim": "]C0"],
                ["scan": name, "hex": Self.hex(prefix + second), "aim": "]C0"],
                ["scan": name, "hex": Self.hex(prefix + cut), "aim": "]C0", "cutAfter": name == "pos" ? 1 : 20],
                ["waitDrained": name, "timeout": 10],
                ["unplug": name],
            ]
        }
        steps += [["sleep": 0.5], ["signalClient": "TERM"]]
        let plan: [String: Any] = [
            "devices": ["pos": Self.honeywell, "kbd": Self.datalogicDE], "steps": steps, "clientTimeout": 30,
        ]
        let config = try Umockdev.configuration(Self.config)
        let result = try Umockdev.emulate(
            plan: plan, store: fixture.path, dockArguments: ["--config", config], limit: 170)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        let events = result.events
        let scanned = events.of("scanned").map { event -> String in
            let data = event["hex"] ?? ""
            return event["aim"].map { Self.hex(Array($0.utf8)) + data } ?? data
        }
        #expect(events.of("attached").count == 100)
        #expect(events.of("detached").count == 100)
        #expect(scanned.count == complete.count, "\(scanned.count) scans for \(complete.count) completed")
        #expect(Set(scanned) == Set(complete))
        #expect(Dictionary(grouping: scanned, by: { $0 }).values.allSatisfy { $0.count == 1 }, "a scan was duplicated")
        #expect(Set(scanned).isDisjoint(with: partial), "a partial scan was delivered")
        #expect(events.of("verdict").count == complete.count)
        let dropped = events.of("error").filter {
            ["scanner.unpluggedMidScan", "scanner.incomplete"].contains($0["code"])
        }
        #expect(dropped.count == 100, "each cut scan is one typed error")
    }

    @Test(.timeLimit(.minutes(1)))
    func badInputThroughUSBGivesTypedErrorsAndNeverAPhantomScan() async throws {
        try Umockdev.check()
        let fixture = try await LedgerFixture()
        var lying = Self.honeywell
        lying["serial"] = "LIAR"
        lying["port"] = "1-5"
        lying["descriptorHex"] = "058c0902a101850209fe750896ff7f8102c0"
        var twin = Self.honeywell
        twin["port"] = "1-6"
        var short = [UInt8](repeating: 0x41, count: 20)
        short[0] = 2
        var overCount = [UInt8](repeating: 0, count: 64)
        overCount[0] = 2
        overCount[1] = 200
        let rollOver = "0000010101010101"
        let tenKiB = [UInt8](repeating: UInt8(ascii: "7"), count: 10 * 1024)
        let plan: [String: Any] = [
            "devices": ["pos": Self.honeywell, "twin": twin, "liar": lying, "kbd": Self.datalogicDE],
            "steps": [
                ["plug": "liar"], ["sleep": 0.5],
                ["plug": "pos"], ["waitOpen": "pos", "timeout": 10],
                ["plug": "twin"], ["waitOpen": "twin", "timeout": 10],
                ["reports": "pos", "hex": [Self.hex(short), Self.hex(overCount)]],
                ["scan": "pos", "hex": Self.hex(tenKiB), "aim": "]C0"],
                ["scan": "pos", "hex": Self.hex(Array("AFTER-GARBAGE".utf8)), "aim": "]C0"],
                ["waitDrained": "pos", "timeout": 20],
                ["scan": "twin", "hex": Self.hex(Array("FROM-TWIN".utf8)), "aim": "]C0"],
                ["waitDrained": "twin", "timeout": 10],
                ["plug": "kbd"], ["waitOpen": "kbd", "timeout": 10],
                ["scan": "kbd", "hex": Self.hex(Array("ROLL".utf8)), "cutAfter": 4],
                ["reports": "kbd", "hex": [rollOver, "0000000000000000"]],
                ["waitDrained": "kbd", "timeout": 10], ["sleep": 1.5],  // the suffix timeout ends the spoilt scan
                ["scan": "kbd", "hex": Self.hex(Array("]C0WEDGE-OK".utf8))],
                ["waitDrained": "kbd", "timeout": 10],
                ["sleep": 0.5], ["signalClient": "TERM"],
            ],
            "clientTimeout": 30,
        ]
        let config = try Umockdev.configuration(Self.config)
        let result = try Umockdev.emulate(
            plan: plan, store: fixture.path, dockArguments: ["--config", config], limit: 50)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        let events = result.events
        let codes = events.of("error").map { "\($0["device"] ?? "-") \($0["code"] ?? "")" }
        #expect(codes.contains("0c2e:0b87@1-5 scanner.descriptorInvalid"), "\(codes)")
        #expect(codes.contains("0c2e:0b87@1-6 scanner.duplicateSerial"), "\(codes)")
        // The short report and the over-long byte count arrive back to back: one spoilt scan, one error.
        #expect(codes.filter { $0 == "0c2e:0b87@1-3 scanner.malformedReport" }.count == 1, "\(codes)")
        #expect(codes.contains("0c2e:0b87@1-3 scanner.tooLong"), "\(codes)")
        #expect(codes.contains("05f9:2206@1-4 scanner.rollOver"), "\(codes)")
        #expect(!events.of("attached").contains { $0["device"] == "0c2e:0b87@1-5" })
        let scanned = events.of("scanned").map { String(decoding: hexBytes($0["hex"] ?? ""), as: UTF8.self) }
        #expect(scanned == ["AFTER-GARBAGE", "FROM-TWIN", "]C0WEDGE-OK"], "\(scanned)")
    }
}
