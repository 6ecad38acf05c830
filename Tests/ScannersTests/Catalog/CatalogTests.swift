import Foundation
import Gate
import Scanners
import Testing

@Suite("Device catalog and matching")
struct CatalogTests {
    static let dock = Station(id: "dock-1", role: .receivingDock)
    static let keyboard = HIDInterface(number: 0, subclass: 1, interfaceProtocol: 1)
    static let hid = HIDInterface(number: 0, subclass: 0, interfaceProtocol: 0)
    static let honeywellDescriptor = DescriptorRead.bytes(
        USBFixture.all.first { $0.name == "honeywell-voyager1400g-hidpos" }?.reportDescriptor() ?? [])

    static func identity(_ vendor: UInt16, _ product: UInt16, serial: String? = nil, port: String = "1-3")
        -> USBDeviceIdentity
    {
        USBDeviceIdentity(vendorID: vendor, productID: product, serial: serial, port: port)
    }

    @Test func theCheckedInUdevRulesMatchTheCatalog() throws {
        let checkedIn = try String(
            contentsOf: Repository.path("udev/\(UdevRules.fileName)"), encoding: .utf8)
        #expect(
            checkedIn == UdevRules.render(.builtIn),
            "drifted from the catalog: regenerate with labelgate udev-rules --output udev/\(UdevRules.fileName)")
    }

    @Test func theUdevRulesCommandPrintsTheCheckedInFile() throws {
        let process = Process()
        process.executableURL = Umockdev.labelgate
        process.arguments = ["udev-rules"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let printed = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(printed == (try Data(contentsOf: Repository.path("udev/\(UdevRules.fileName)"))))
    }

    @Test func udevRulesGrantTheDaemonGroupEveryCatalogVendorAndTagForSystemd() {
        let rules = UdevRules.render(.builtIn)
        for vendor in ["05e0", "0c2e", "05f9", "1eab", "065a", "067e"] {
            #expect(
                rules.contains(
                    "ATTR{idVendor}==\"\(vendor)\", MODE=\"0660\", GROUP=\"labelgate-devices\", TAG+=\"systemd\""))
        }
    }

    @Test func unlistedKeyboardsAreIgnoredUnlessConfigured() {
        let unknown = Self.identity(0x046D, 0xC31C)
        let strict = DeviceMatcher(configuration: DockConfiguration(station: Self.dock))
        #expect(!strict.isCandidate(vendorID: 0x046D, productID: 0xC31C, port: "1-3", interfaces: [Self.keyboard]))
        guard
            case .ignore = strict.decide(
                unknown, interface: Self.keyboard, descriptor: .unreadable(""), serialsInUse: [])
        else {
            Issue.record("an unlisted keyboard was read")
            return
        }
        let open = DeviceMatcher(configuration: DockConfiguration(station: Self.dock, acceptUnknownKeyboards: true))
        #expect(open.isCandidate(vendorID: 0x046D, productID: 0xC31C, port: "1-3", interfaces: [Self.keyboard]))
        guard
            case .use(let profile) = open.decide(
                unknown, interface: Self.keyboard, descriptor: .unreadable(""), serialsInUse: [])
        else {
            Issue.record("a configured keyboard was not read")
            return
        }
        #expect(profile.mode == .keyboardWedge)
    }

    @Test func catalogScannersMatchOnVendorAndInterfaceWhateverTheirProductID() {
        let matcher = DeviceMatcher(configuration: DockConfiguration(station: Self.dock))
        guard
            case .use(let wedge) = matcher.decide(
                Self.identity(0x05E0, 0x9999), interface: Self.keyboard, descriptor: .unreadable(""), serialsInUse: [])
        else {
            Issue.record("a Zebra keyboard-mode scanner was not read")
            return
        }
        #expect(wedge.mode == .keyboardWedge)
        guard
            case .use(let pos) = matcher.decide(
                Self.identity(0x0C2E, 0x9999), interface: Self.hid, descriptor: Self.honeywellDescriptor,
                serialsInUse: [])
        else {
            Issue.record("a Honeywell HID POS scanner with a new PID was not read")
            return
        }
        #expect(pos.mode == .hidPOS)
    }

    @Test func honeywellsVendorCollectionIsNotMistakenForTheScanner() {
        let matcher = DeviceMatcher(configuration: DockConfiguration(station: Self.dock))
        let vendorPage = DescriptorRead.bytes(
            hexBytes("068cff0901a1018501093115002 6ff0075089540b102c0".replacingOccurrences(of: " ", with: "")))
        guard
            case .ignore = matcher.decide(
                Self.identity(0x0C2E, 0x0B87), interface: Self.hid, descriptor: vendorPage, serialsInUse: [])
        else {
            Issue.record("the 0xFF8C collection was read as a scanner")
            return
        }
    }

    @Test func anUnreadableDescriptorFallsBackToTheVendorLayoutOnlyForKnownProducts() {
        let matcher = DeviceMatcher(configuration: DockConfiguration(station: Self.dock))
        guard
            case .use(let profile) = matcher.decide(
                Self.identity(0x1EAB, 0x8210), interface: Self.hid, descriptor: .unreadable("LIBUSB_ERROR_IO"),
                serialsInUse: [])
        else {
            Issue.record("a known Newland HID POS product was not read")
            return
        }
        #expect(profile.decoder == .hidPOS(.newland, HIDPOSSettings()))
        guard
            case .reject(let error) = matcher.decide(
                Self.identity(0x1EAB, 0x7710), interface: Self.hid, descriptor: .unreadable("LIBUSB_ERROR_IO"),
                serialsInUse: [])
        else {
            Issue.record("an unknown product was read with a guessed layout")
            return
        }
        #expect(error.code == .descriptorUnreadable)
    }

    @Test func aLyingReportDescriptorIsRejectedWithATypedError() {
        let matcher = DeviceMatcher(configuration: DockConfiguration(station: Self.dock))
        // Claims the bar code scanner page, then declares a field far longer than any report.
        let lying = DescriptorRead.bytes(
            hexBytes("058c0902a1018502 09fe 7508 96ff7f 8102 c0".replacingOccurrences(of: " ", with: "")))
        guard
            case .reject(let error) = matcher.decide(
                Self.identity(0x0C2E, 0x0B87), interface: Self.hid, descriptor: lying, serialsInUse: [])
        else {
            Issue.record("a lying descriptor was accepted")
            return
        }
        #expect(error.code == .descriptorInvalid)
    }

    @Test func twoScannersWithTheSameSerialAreToldApartByPortOrRefusedWhenBoundBySerial() {
        let matcher = DeviceMatcher(configuration: DockConfiguration(station: Self.dock))
        let second = Self.identity(0x05E0, 0x1200, serial: "SAME", port: "1-4")
        guard
            case .use(let profile) = matcher.decide(
                second, interface: Self.keyboard, descriptor: .unreadable(""), serialsInUse: ["SAME"])
        else {
            Issue.record("the second scanner was not read")
            return
        }
        #expect(profile.warnings.map(\.code) == [.duplicateSerial])
        #expect(profile.deviceID == "05e0:1200@1-4")
        let bound = DeviceMatcher(
            configuration: DockConfiguration(
                station: Self.dock,
                devices: [DeviceBinding(serial: "SAME", station: Station(id: "bedside-1", role: .bedside))]))
        guard
            case .reject(let error) = bound.decide(
                second, interface: Self.keyboard, descriptor: .unreadable(""), serialsInUse: ["SAME"])
        else {
            Issue.record("an ambiguous serial binding was used")
            return
        }
        #expect(error.code == .duplicateSerial)
    }

    @Test func theMostSpecificBindingChoosesTheStationAndLayout() throws {
        let json = """
            {"station": {"id": "dock-1", "role": "receivingDock"},
             "devices": [{"vendorID": "05f9", "wedge": {"layout": "de"}},
                         {"vendorID": "05f9", "port": "1-4", "station": {"id": "bedside-2", "role": "bedside"},
                          "wedge": {"layout": "fr", "termination": "suffixOrIdleGap"}}]}
            """
        let configuration = try DockConfiguration(json: Data(json.utf8))
        let matcher = DeviceMatcher(configuration: configuration)
        guard
            case .use(let atDock) = matcher.decide(
                Self.identity(0x05F9, 0x2206, port: "1-3"), interface: Self.keyboard, descriptor: .unreadable(""),
                serialsInUse: [])
        else {
            Issue.record("not read")
            return
        }
        #expect(atDock.station == Self.dock)
        #expect(atDock.decoder == .keyboardWedge(WedgeSettings(layout: .de)))
        guard
            case .use(let atBedside) = matcher.decide(
                Self.identity(0x05F9, 0x2206, port: "1-4"), interface: Self.keyboard, descriptor: .unreadable(""),
                serialsInUse: [])
        else {
            Issue.record("not read")
            return
        }
        #expect(atBedside.station == Station(id: "bedside-2", role: .bedside))
        #expect(atBedside.decoder == .keyboardWedge(WedgeSettings(layout: .fr, termination: .suffixOrIdleGap)))
    }

    @Test func aSiteCatalogRoundTripsThroughJSONWithHexadecimalIDs() throws {
        let data = try JSONEncoder().encode(ScannerCatalog.builtIn)
        #expect(try ScannerCatalog(json: data) == .builtIn)
        #expect(String(decoding: data, as: UTF8.self).contains("\"0c2e\""))
        #expect(throws: ScannerError.self) { try ScannerCatalog(json: Data(#"{"entries":[{"vendorID":"xyz"}]}"#.utf8)) }
    }
}
