import CLibUSB

/// What the configuration descriptor says about a device's HID interfaces, read without opening it.
struct USBDeviceProbe {
    struct Interface {
        var hid: HIDInterface
        var endpoint: UInt8
        var maxPacketSize: Int
        var reportDescriptorLength: Int
    }

    var vendorID: UInt16
    var productID: UInt16
    var serialIndex: UInt8
    var manufacturerIndex: UInt8
    var productIndex: UInt8
    var port: String
    var interfaces: [Interface]

    init?(device: OpaquePointer) {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0 else { return nil }
        vendorID = descriptor.idVendor
        productID = descriptor.idProduct
        serialIndex = descriptor.iSerialNumber
        manufacturerIndex = descriptor.iManufacturer
        productIndex = descriptor.iProduct
        port = Self.portPath(device)
        interfaces = Self.hidInterfaces(device)
    }

    /// `bus-port.port`, as sysfs names the device (`1-3`, `1-3.2`), or `bus:address` if ports are unknown.
    static func portPath(_ device: OpaquePointer) -> String {
        let bus = libusb_get_bus_number(device)
        var ports = [UInt8](repeating: 0, count: 8)
        let count = ports.withUnsafeMutableBufferPointer { libusb_get_port_numbers(device, $0.baseAddress, 8) }
        guard count > 0 else { return "\(bus):\(libusb_get_device_address(device))" }
        return "\(bus)-" + ports.prefix(Int(count)).map(String.init).joined(separator: ".")
    }

    /// The first alternate setting of every HID interface that has an interrupt-IN endpoint.
    static func hidInterfaces(_ device: OpaquePointer) -> [Interface] {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        guard libusb_get_active_config_descriptor(device, &config) == 0, let config else { return [] }
        defer { libusb_free_config_descriptor(config) }
        var found: [Interface] = []
        for index in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[index]
            guard interface.num_altsetting > 0, let setting = interface.altsetting?.pointee,
                setting.bInterfaceClass == UInt8(LIBUSB_CLASS_HID.rawValue)
            else { continue }
            var endpoint: (UInt8, Int)?
            for e in 0..<Int(setting.bNumEndpoints) {
                let candidate = setting.endpoint[e]
                if candidate.bEndpointAddress & 0x80 != 0 && candidate.bmAttributes & 0x03 == 0x03 {
                    endpoint = (candidate.bEndpointAddress, Int(candidate.wMaxPacketSize & 0x07FF))
                    break
                }
            }
            guard let (address, packet) = endpoint else { continue }
            let extra = setting.extra.map { Array(UnsafeBufferPointer(start: $0, count: Int(setting.extra_length))) }
            found.append(
                Interface(
                    hid: HIDInterface(
                        number: setting.bInterfaceNumber, subclass: setting.bInterfaceSubClass,
                        interfaceProtocol: setting.bInterfaceProtocol),
                    endpoint: address, maxPacketSize: packet,
                    reportDescriptorLength: reportDescriptorLength(in: extra ?? [])))
        }
        return found
    }

    /// The report descriptor's length from the HID class descriptor (type 0x21) among the interface's extra
    /// descriptors; 1024 if it is missing or malformed.
    static func reportDescriptorLength(in extra: [UInt8]) -> Int {
        var offset = 0
        while offset + 1 < extra.count {
            let length = Int(extra[offset])
            guard length >= 2, offset + length <= extra.count else { break }
            if extra[offset + 1] == 0x21, length >= 9 {
                let count = Int(extra[offset + 5])
                for n in 0..<count where offset + 8 + 3 * n < offset + length {
                    let base = offset + 6 + 3 * n
                    if extra[base] == 0x22 { return Int(extra[base + 1]) | Int(extra[base + 2]) << 8 }
                }
            }
            offset += length
        }
        return 1024
    }
}
