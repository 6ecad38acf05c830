import CLibUSB

/// One attached scanner: its libusb device (referenced), open handle, claimed interface and interrupt transfer.
/// Confined to the transport's event thread.
final class USBScannerSession {
    let device: OpaquePointer
    let profile: ScannerProfile
    let handle: USBDeviceHandle
    let transfer: USBInterruptTransfer
    /// Set once the session is being closed: why, and since when (to give up on a transfer that never completes).
    var closing: (reason: DetachReason, since: ContinuousClock.Instant)?
    var consecutiveFailures = 0

    init(device: OpaquePointer, profile: ScannerProfile, handle: USBDeviceHandle, transfer: USBInterruptTransfer) {
        self.device = libusb_ref_device(device)
        self.profile = profile
        self.handle = handle
        self.transfer = transfer
    }

    deinit {
        transfer.onCompletion = { _ in }
        handle.close()
        libusb_unref_device(device)
    }
}
