import CLibUSB

/// Owns one libusb context. Created and used on the transport's event thread, which is the only thread that calls
/// into it, except `interrupt()` (libusb_interrupt_event_handler is documented as callable from any thread).
final class LibUSBContext: @unchecked Sendable {
    // Confined: the event thread of `LibUSBTransport`; `interrupt()` is the thread-safe exception.
    let pointer: OpaquePointer

    init() throws(ScannerError) {
        var context: OpaquePointer?
        let status = libusb_init(&context)
        guard status == 0, let context else { throw ScannerError.libusb(status, "libusb_init") }
        pointer = context
    }

    /// Wakes the event thread out of libusb_handle_events.
    func interrupt() {
        libusb_interrupt_event_handler(pointer)
    }

    deinit {
        libusb_exit(pointer)
    }
}
