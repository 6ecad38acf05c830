import Scanners
import Testing

@Suite("HID report descriptors")
struct ReportDescriptorTests {
    static let bootKeyboard = hexBytes(
        "05010906a101050719e029e71500250175019508810295017508810195057501050819012905910295017503910195067508"
            + "150025650507190029658100c0")
    /// Datalogic Gryphon GD4400 in keyboard mode (USB_Host_Shield_2.0 issue #669): logical maximum 0xFF.
    static let gryphon = hexBytes(
        "05010906A101050719E029E71500250175019508810295017508810195057501050819012905910295017503910195067508"
            + "150026FF00050719002AFF008100C0")

    static func fixtureDescriptor(_ name: String) throws -> [UInt8] {
        try #require(USBFixture.all.first { $0.name == name }?.reportDescriptor())
    }

    @Test func bootKeyboardsAreKeyboardApplicationsWithEightByteReports() throws {
        for bytes in [Self.bootKeyboard, Self.gryphon] {
            let descriptor = try ReportDescriptor(parsing: bytes)
            #expect(descriptor.applicationCollections == [.keyboard])
            #expect(descriptor.inputReportLength(reportID: nil) == 8)
            #expect(throws: ScannerError.self) { try HIDPOSLayout(descriptor: descriptor) }
        }
    }

    @Test func theHoneywellDescriptorYieldsTheHoneywellLayout() throws {
        let descriptor = try ReportDescriptor(parsing: Self.fixtureDescriptor("honeywell-voyager1400g-hidpos"))
        #expect(descriptor.applicationUsagePages == [0x8C])
        var layout = try HIDPOSLayout(descriptor: descriptor)
        #expect(layout.symbologyOffset == nil)  // the Code ID byte is constant in the descriptor
        layout.symbologyOffset = 61
        #expect(layout == .honeywell)
    }

    @Test func theNewlandDescriptorYieldsTheNewlandLayout() throws {
        let descriptor = try ReportDescriptor(parsing: Self.fixtureDescriptor("newland-fr20-hidpos"))
        #expect(try HIDPOSLayout(descriptor: descriptor) == .newland)
    }

    @Test(arguments: [
        ("empty", ""),
        ("truncated item", "05"),
        ("unclosed collection", "058c0902a101"),
        ("end without collection", "c0"),
        ("report ID zero", "8500"),
        ("pop without push", "b4"),
        ("absurd field", "752097ffff00008102"),
        ("usage maximum first", "2905"),
        // Report Size and Report Count of 0xFFFFFFFF: their product overflowed Int before it was bounded (SIGILL).
        ("overflowing field", "058c0902a10177ffffffff97ffffffff8102c0"),
        ("huge count, small size", "058c0902a101750197ffffffff8102c0"),
        ("huge size, one element", "058c0902a10177ffffffff95018102c0"),
    ])
    func malformedDescriptorsAreTypedErrors(_ name: String, _ hex: String) {
        #expect(throws: ScannerError.self, "\(name)") { try ReportDescriptor(parsing: hexBytes(hex)) }
    }

    @Test func aDescriptorWithoutDecodedDataIsNotAScannerLayout() throws {
        // A HID POS application that declares only a byte count.
        let bytes = hexBytes("058c 0902 a101 8502 0501 093b 1500 2538 7508 9501 8102 c0")
        let descriptor = try ReportDescriptor(parsing: bytes)
        let error = #expect(throws: ScannerError.self) { try HIDPOSLayout(descriptor: descriptor) }
        #expect(error?.code == .descriptorInvalid)
    }

    /// Seen while writing the hid-pos-stream round trip: `validate()` let two single-byte fields (or one and the report
    /// ID) share a byte, so a byte count would be read as the continuation flag and a scan would come back changed.
    @Test(arguments: [
        ("count is the continuation byte", 63, 63, 61, nil),
        ("count is the report ID", 0, 63, 61, nil),
        ("symbology is the continuation byte", 1, 63, 63, nil),
        ("AIM covers the count", 1, 63, nil, 0),
    ] as [(String, Int, Int, Int?, Int?)])
    func aLayoutWhoseFieldsShareAByteIsRefused(
        _ name: String, _ count: Int, _ continued: Int, _ code: Int?, _ aim: Int?
    ) {
        var layout = HIDPOSLayout.honeywell
        layout.byteCountOffset = count
        layout.continuedOffset = continued
        layout.symbologyOffset = code
        layout.aimOffset = aim
        let error = #expect(throws: ScannerError.self, "\(name)") { try layout.validate() }
        #expect(error?.code == .descriptorInvalid)
        #expect(throws: Never.self) { try HIDPOSLayout.honeywell.validate() }
        #expect(throws: Never.self) { try HIDPOSLayout.newland.validate() }
    }

    /// Found by the hid-pos-stream harness: without a report ID, `validate()` accepted decoded data at offset -1, and
    /// the decoder then sliced the report from -1 (a trap on the first scan).
    @Test func dataBeforeTheReportIsRefused() throws {
        var layout = HIDPOSLayout.newland
        layout.reportID = nil
        layout.dataOffset = -1
        layout.dataCapacity = 2
        let error = #expect(throws: ScannerError.self) { try layout.validate() }
        #expect(error?.code == .descriptorInvalid)
    }

    @Test func randomDescriptorsNeverTrap() {
        var generator = SeededGenerator(seed: 0xD35C)
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...200, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if let descriptor = try? ReportDescriptor(parsing: bytes) {
                _ = try? HIDPOSLayout(descriptor: descriptor)
            }
        }
    }
}
