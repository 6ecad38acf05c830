import Foundation
import Scanners
import Testing

/// The replay runner: every fixtures/usb folder's recording, decoded without USB, must give its expected scans.
/// (The umockdev tests replay the same recordings through the real libusb.)
@Suite("USB fixture replays")
struct FixtureReplayTests {
    @Test func theRequiredFixturesExist() {
        let names = Set(USBFixture.all.map(\.name))
        for required in [
            "zebra-ls2208-wedge-us", "datalogic-gryphon-wedge-de", "honeywell-voyager1400g-hidpos",
            "newland-fr20-hidpos",
        ] {
            #expect(names.contains(required), "fixtures/usb/\(required)")
        }
    }

    @Test(arguments: USBFixture.all)
    func recordingDecodesToTheExpectedScansByteExactly(_ fixture: USBFixture) throws {
        let reports = try fixture.recordedReports()
        #expect(reports.count == fixture.expected.reports)
        var decoder = try Self.decoder(for: fixture)
        var now = ContinuousClock.now
        var outputs: [DecoderOutput] = []
        for report in reports {
            now += .milliseconds(2)
            outputs += decoder.decode(report, at: now)
        }
        outputs += decoder.tick(at: now + .seconds(1))
        #expect(outputs.errorCodes.isEmpty)
        let expected = fixture.expectedScans
        #expect(outputs.scans.map(\.aimIdentifier) == expected.map(\.aimIdentifier))
        #expect(outputs.scans.map { hexString($0.bytes) } == expected.map { hexString($0.bytes) })
        let payloads = expected.map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(payloads.contains { $0.contains("=<S1234100&/CHA999926AB12CD&h1") }, "an ISBT 128 payload")
        #expect(payloads.contains { $0.contains("0109506000134352") && $0.contains("\u{1D}") }, "a GS1 payload")
    }

    /// The decoder the dock would choose: catalog + the fixture's descriptor (HID POS) or layout setting (wedge).
    static func decoder(for fixture: USBFixture) throws -> AnyScanDecoder {
        let identity = USBDeviceIdentity(
            vendorID: fixture.vendorID, productID: fixture.productID, serial: fixture.expected.serial, port: "1-3")
        var configuration = DockConfiguration(station: .init(id: "dock-1", role: .receivingDock))
        if let layout = fixture.expected.settings.layout.flatMap(KeyboardLayoutID.init(rawValue:)) {
            configuration.devices = [DeviceBinding(vendorID: fixture.vendorID, wedge: WedgeSettings(layout: layout))]
        }
        let matcher = DeviceMatcher(configuration: configuration)
        let interface =
            fixture.expected.mode == .keyboardWedge
            ? HIDInterface(number: 0, subclass: 1, interfaceProtocol: 1)
            : HIDInterface(number: 0, subclass: 0, interfaceProtocol: 0)
        let descriptor: DescriptorRead = fixture.reportDescriptor().map { .bytes($0) } ?? .unreadable("none")
        guard
            case .use(let profile) = matcher.decide(
                identity, interface: interface, descriptor: descriptor, serialsInUse: [])
        else {
            Issue.record("the catalog does not read \(fixture.name)")
            throw ScannerError(.configuration, "no profile")
        }
        #expect(profile.mode == fixture.expected.mode)
        return profile.decoder.makeDecoder()
    }

    @Test func fixturesRegenerateUnchangedFromTheIndependentEncoder() throws {
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        try #require(FileManager.default.isExecutableFile(atPath: python.path), "/usr/bin/python3 is needed")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("usb-fixtures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = python
        process.arguments = [Repository.path("scripts/usb/make_fixtures.py").path, output.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for fixture in USBFixture.all {
            for file in ["device", "capture.ioctl", "expected.json", "README.md", "report-descriptor.hex"] {
                let checkedIn = try? Data(contentsOf: fixture.folder.appendingPathComponent(file))
                let generated = try? Data(
                    contentsOf: output.appendingPathComponent(fixture.name).appendingPathComponent(file))
                #expect(checkedIn == generated, "\(fixture.name)/\(file) differs from make_fixtures.py output")
            }
        }
    }
}
