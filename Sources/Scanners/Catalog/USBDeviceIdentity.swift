/// A USB device as the dock sees it: its IDs, its strings and where it is plugged in.
public struct USBDeviceIdentity: Hashable, Sendable {
    /// Vendor ID.
    public var vendorID: UInt16
    /// Product ID.
    public var productID: UInt16
    /// The serial number string, if the device has one and it could be read.
    public var serial: String?
    /// The manufacturer string, if readable.
    public var manufacturer: String?
    /// The product string, if readable.
    public var product: String?
    /// Bus and port path, as sysfs names it (`1-3`, `1-3.2`).
    public var port: String

    /// Creates an identity.
    public init(
        vendorID: UInt16, productID: UInt16, serial: String? = nil, manufacturer: String? = nil,
        product: String? = nil, port: String
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.serial = serial
        self.manufacturer = manufacturer
        self.product = product
        self.port = port
    }

    /// `vvvv:pppp@port`: stable across re-plugging into the same port, distinct for two identical scanners.
    public var deviceID: String { "\(USBID.hex(vendorID)):\(USBID.hex(productID))@\(port)" }
}

/// One HID interface of a device, from its configuration descriptor.
public struct HIDInterface: Hashable, Sendable {
    /// bInterfaceNumber.
    public var number: UInt8
    /// bInterfaceSubClass (1 = boot interface).
    public var subclass: UInt8
    /// bInterfaceProtocol (1 = keyboard).
    public var interfaceProtocol: UInt8

    /// Creates an interface description.
    public init(number: UInt8, subclass: UInt8, interfaceProtocol: UInt8) {
        self.number = number
        self.subclass = subclass
        self.interfaceProtocol = interfaceProtocol
    }

    /// A boot keyboard: what a scanner in keyboard-wedge mode presents.
    public var isBootKeyboard: Bool { subclass == 1 && interfaceProtocol == 1 }
}

/// The result of reading an interface's HID report descriptor.
public enum DescriptorRead: Hashable, Sendable {
    /// The descriptor's bytes.
    case bytes([UInt8])
    /// It could not be read (the reason names the libusb error).
    case unreadable(String)
}
