import Gate
import Scanners
import Testing

/// Without a default station, a scanner that no binding assigns is never read: the matcher rejects it with
/// `scanner.unassigned` (the daemon reports it as ignored), whatever its mode; bound scanners are read as before, and
/// devices that are not scanners are still merely ignored.
@Suite("Dock: scanners bound to no station")
struct UnassignedScannerTests {
    static let dock = Station(id: "dock-1", role: .receivingDock)
    static let matcher = DeviceMatcher(
        configuration: DockConfiguration(
            station: nil, devices: [DeviceBinding(vendorID: 0x05F9, productID: 0x2206, station: dock)]))

    static func decide(_ vendor: UInt16, _ product: UInt16, _ interface: HIDInterface, _ descriptor: DescriptorRead)
        -> MatchDecision
    {
        matcher.decide(
            USBDeviceIdentity(vendorID: vendor, productID: product, port: "1-3"), interface: interface,
            descriptor: descriptor, serialsInUse: [])
    }

    @Test func aBoundWedgeIsReadAtItsStation() {
        guard case .use(let profile) = Self.decide(0x05F9, 0x2206, CatalogTests.keyboard, .unreadable("boot")) else {
            Issue.record("the bound scanner was not read")
            return
        }
        #expect(profile.station == Self.dock)
    }

    @Test(arguments: [(UInt16(0x1EAB), UInt16(0x0C03)), (0x05E0, 0x1200), (0x05F9, 0x9999)])
    func anUnboundCatalogWedgeIsRejectedAsUnassigned(vendor: UInt16, product: UInt16) {
        guard case .reject(let error) = Self.decide(vendor, product, CatalogTests.keyboard, .unreadable("boot")) else {
            Issue.record("an unbound scanner was not rejected")
            return
        }
        #expect(error.code == .unassigned)
    }

    @Test func anUnboundHIDPOSScannerIsRejectedBeforeItsDescriptorIsParsed() {
        // The descriptor is garbage: it is never read for a scanner that has no station.
        let decision = Self.decide(0x0C2E, 0x0B87, CatalogTests.hid, .bytes([0x05, 0x8C, 0x77, 0xFF]))
        guard case .reject(let error) = decision else {
            Issue.record("an unbound HID POS scanner was not rejected")
            return
        }
        #expect(error.code == .unassigned)
    }

    @Test func anUnlistedKeyboardIsStillOnlyIgnored() {
        guard case .ignore = Self.decide(0x046D, 0xC31C, CatalogTests.keyboard, .unreadable("boot")) else {
            Issue.record("an unlisted keyboard was not ignored")
            return
        }
    }
}
