import CLibUSB

/// An asynchronous interrupt-IN transfer and its buffer, resubmitted by its owner after each completion.
///
/// While submitted, the transfer retains itself (through libusb's `user_data`) and its device handle, so neither
/// can be freed under libusb; the completion callback balances the retain. Confined to the event thread: libusb
/// calls the callback from inside libusb_handle_events on that thread.
final class USBInterruptTransfer {
    /// A completion as the owner sees it.
    enum Completion {
        case data([UInt8])
        case timedOut
        case cancelled
        case noDevice
        case stalled
        case failed(String)
    }

    let handle: USBDeviceHandle
    private let transfer: UnsafeMutablePointer<libusb_transfer>
    private let buffer: UnsafeMutablePointer<UInt8>
    private let length: Int
    private(set) var inFlight = false
    var onCompletion: (Completion) -> Void = { _ in }

    init(handle: USBDeviceHandle, endpoint: UInt8, length: Int) throws(ScannerError) {
        guard let transfer = libusb_alloc_transfer(0) else {
            throw ScannerError(.usb, "libusb_alloc_transfer failed")
        }
        self.handle = handle
        self.transfer = transfer
        self.length = length
        buffer = .allocate(capacity: length)
        buffer.initialize(repeating: 0, count: length)
        transfer.pointee.dev_handle = handle.pointer
        transfer.pointee.endpoint = endpoint
        transfer.pointee.type = UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue)
        transfer.pointee.timeout = 0
        transfer.pointee.buffer = buffer
        transfer.pointee.length = Int32(length)
        transfer.pointee.callback = interruptTransferCompleted
    }

    func submit() throws(ScannerError) {
        guard !inFlight else { return }
        guard let pointer = handle.pointer else { throw ScannerError(.usb, "the device handle is closed") }
        transfer.pointee.dev_handle = pointer
        let retained = Unmanaged.passRetained(self)
        transfer.pointee.user_data = retained.toOpaque()
        let status = libusb_submit_transfer(transfer)
        guard status == 0 else {
            transfer.pointee.user_data = nil
            retained.release()
            throw ScannerError.libusb(status, "submitting the interrupt transfer")
        }
        inFlight = true
    }

    /// Asks libusb to cancel; the completion (`cancelled` or `noDevice`) follows from the event loop.
    func cancel() {
        guard inFlight else { return }
        _ = libusb_cancel_transfer(transfer)
    }

    /// After the handle was closed with this transfer still submitted (libusb then drops it from its in-flight
    /// list without calling back), gives up the self-retain so the transfer can be freed.
    func abandonAfterHandleClosed() {
        guard inFlight, let user = transfer.pointee.user_data else { return }
        inFlight = false
        transfer.pointee.user_data = nil
        Unmanaged<USBInterruptTransfer>.fromOpaque(user).release()
    }

    fileprivate func completed() {
        inFlight = false
        transfer.pointee.user_data = nil
        let completion: Completion
        switch transfer.pointee.status {
        case LIBUSB_TRANSFER_COMPLETED:
            let count = min(Int(transfer.pointee.actual_length), length)
            completion = .data(Array(UnsafeBufferPointer(start: buffer, count: count)))
        case LIBUSB_TRANSFER_TIMED_OUT: completion = .timedOut
        case LIBUSB_TRANSFER_CANCELLED: completion = .cancelled
        case LIBUSB_TRANSFER_NO_DEVICE: completion = .noDevice
        case LIBUSB_TRANSFER_STALL: completion = .stalled
        case LIBUSB_TRANSFER_OVERFLOW: completion = .failed("the device sent more than \(length) bytes")
        default: completion = .failed("transfer status \(transfer.pointee.status.rawValue)")
        }
        onCompletion(completion)
    }

    deinit {
        // Only reached when not in flight (a submitted transfer retains itself).
        libusb_free_transfer(transfer)
        buffer.deallocate()
    }
}

/// The C callback: takes back the retain `submit()` made and hands the completion to the owner.
private func interruptTransferCompleted(_ transfer: UnsafeMutablePointer<libusb_transfer>?) {
    guard let transfer, let user = transfer.pointee.user_data else { return }
    let owner = Unmanaged<USBInterruptTransfer>.fromOpaque(user).takeRetainedValue()
    owner.completed()
}
