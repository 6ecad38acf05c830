import CLibUSB

/// An open libusb device handle with the interfaces it claimed. Kernel drivers (usbhid) are detached automatically
/// on claim and re-attached on release. Confined to the transport's event thread.
final class USBDeviceHandle {
    private(set) var pointer: OpaquePointer?
    private var claimed: Set<Int32> = []
    private var detached: Set<Int32> = []

    init(device: OpaquePointer) throws(ScannerError) {
        var handle: OpaquePointer?
        let status = libusb_open(device, &handle)
        guard status == 0, let handle else { throw ScannerError.libusb(status, "opening the device") }
        pointer = handle
        _ = libusb_set_auto_detach_kernel_driver(handle, 1)
    }

    /// Claims `interface`, detaching its kernel driver: first through libusb's auto-detach (one
    /// USBDEVFS_DISCONNECT_CLAIM), and if the kernel (or an emulator) does not support that, by an explicit
    /// detach that `release` undoes.
    func claim(_ interface: UInt8) throws(ScannerError) {
        guard let pointer else { throw ScannerError(.usb, "the device handle is closed") }
        let number = Int32(interface)
        var status = libusb_claim_interface(pointer, number)
        if status == LIBUSB_ERROR_OTHER.rawValue || status == LIBUSB_ERROR_NOT_SUPPORTED.rawValue {
            _ = libusb_set_auto_detach_kernel_driver(pointer, 0)
            if libusb_kernel_driver_active(pointer, number) == 1 {
                status = libusb_detach_kernel_driver(pointer, number)
                guard status == 0 else { throw ScannerError.libusb(status, "detaching the kernel driver") }
                detached.insert(number)
            }
            status = libusb_claim_interface(pointer, number)
            _ = libusb_set_auto_detach_kernel_driver(pointer, 1)
        }
        guard status == 0 else {
            reattach(number)
            throw ScannerError.libusb(status, "claiming interface \(interface)")
        }
        claimed.insert(number)
    }

    func release(_ interface: UInt8) {
        guard let pointer, claimed.remove(Int32(interface)) != nil else { return }
        _ = libusb_release_interface(pointer, Int32(interface))
        reattach(Int32(interface))
    }

    private func reattach(_ interface: Int32) {
        guard let pointer, detached.remove(interface) != nil else { return }
        _ = libusb_attach_kernel_driver(pointer, interface)
    }

    /// A control transfer from the device; returns the bytes read.
    func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int)
        -> Result<[UInt8], ScannerError>
    {
        guard let pointer else { return .failure(ScannerError(.usb, "the device handle is closed")) }
        var buffer = [UInt8](repeating: 0, count: max(1, length))
        let status = buffer.withUnsafeMutableBufferPointer { bytes in
            libusb_control_transfer(
                pointer, requestType, request, value, index, bytes.baseAddress, UInt16(length), 1000)
        }
        guard status >= 0 else {
            return .failure(ScannerError.libusb(status, "control request 0x\(String(request, radix: 16))"))
        }
        return .success(Array(buffer.prefix(Int(status))))
    }

    /// A control transfer without data to the device; failures are returned, not thrown (these are best-effort).
    @discardableResult
    func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16) -> Int32 {
        guard let pointer else { return LIBUSB_ERROR_NO_DEVICE.rawValue }
        return libusb_control_transfer(pointer, requestType, request, value, index, nil, 0, 1000)
    }

    /// A string descriptor as ASCII, or nil.
    func string(at index: UInt8) -> String? {
        guard let pointer, index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBufferPointer { bytes in
            libusb_get_string_descriptor_ascii(pointer, index, bytes.baseAddress, Int32(bytes.count))
        }
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(Int(count)), as: UTF8.self)
    }

    /// Releases every claimed interface (re-attaching the kernel driver) and closes the handle. Idempotent.
    func close() {
        guard let pointer else { return }
        for interface in claimed {
            _ = libusb_release_interface(pointer, interface)
            reattach(interface)
        }
        claimed = []
        libusb_close(pointer)
        self.pointer = nil
    }

    deinit {
        close()
    }
}
