/// A HID usage: a 16-bit usage page and a 16-bit usage ID.
public struct HIDUsage: Hashable, Sendable, CustomStringConvertible {
    /// The usage page (0x01 Generic Desktop, 0x07 Keyboard, 0x8C Bar Code Scanner…).
    public var page: UInt16
    /// The usage ID within the page.
    public var id: UInt16

    /// Creates a usage.
    public init(page: UInt16, id: UInt16) {
        self.page = page
        self.id = id
    }

    init(extended value: UInt32) {
        self.init(page: UInt16(truncatingIfNeeded: value >> 16), id: UInt16(truncatingIfNeeded: value))
    }

    /// `8c:fe`.
    public var description: String { "\(USBID.hex(page)):\(USBID.hex(id))" }

    /// Usage page of bar code scanners (HID Point of Sale Usage Tables).
    public static let barCodeScannerPage: UInt16 = 0x8C
    /// Generic Desktop: Keyboard (the application collection of a boot keyboard).
    public static let keyboard = HIDUsage(page: 0x01, id: 0x06)
    /// Generic Desktop: Byte Count (how many decoded bytes a HID POS report carries).
    public static let byteCount = HIDUsage(page: 0x01, id: 0x3B)
    /// Bar Code Scanner application collection.
    public static let barCodeScanner = HIDUsage(page: 0x8C, id: 0x02)
    /// Symbology Identifier 1, 2 and 3 (together: the AIM identifier).
    public static let symbologyIdentifier1 = HIDUsage(page: 0x8C, id: 0xFB)
    /// Symbology Identifier 2.
    public static let symbologyIdentifier2 = HIDUsage(page: 0x8C, id: 0xFC)
    /// Symbology Identifier 3.
    public static let symbologyIdentifier3 = HIDUsage(page: 0x8C, id: 0xFD)
    /// Decoded Data.
    public static let decodedData = HIDUsage(page: 0x8C, id: 0xFE)
    /// Decode Data Continued (1 bit: more reports follow).
    public static let decodeDataContinued = HIDUsage(page: 0x8C, id: 0xFF)
}
