import CLibUSB

extension ScannerError {
    /// Wraps a libusb return code once, at the boundary: `what` says what was being done.
    static func libusb(_ code: Int32, _ what: String) -> ScannerError {
        let name = String(cString: libusb_error_name(code))
        switch code {
        case LIBUSB_ERROR_ACCESS.rawValue:
            return ScannerError(.access, "\(what): \(name) (see udev/\(UdevRules.fileName))")
        case LIBUSB_ERROR_BUSY.rawValue:
            return ScannerError(.busy, "\(what): \(name) (another program holds the interface)")
        default:
            return ScannerError(.usb, "\(what): \(name)")
        }
    }
}
