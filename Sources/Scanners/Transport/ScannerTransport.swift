/// What a transport reports to the dock. A transport calls its handler serially (never concurrently), in order.
public enum TransportEvent: Sendable {
    /// A device was opened, its interface claimed, and reading has started.
    case attached(ScannerProfile)
    /// One input report, with the time it was received.
    case report(deviceID: String, bytes: [UInt8], at: ContinuousClock.Instant)
    /// A device stopped being read.
    case detached(deviceID: String, reason: DetachReason)
    /// A device was seen and deliberately not read.
    case ignored(deviceID: String, reason: String)
    /// Something failed (opening, claiming, a transfer), possibly not tied to a device.
    case error(deviceID: String?, ScannerError)
    /// The devices present when the transport started have all been listed and opened (or ignored): the first
    /// enumeration is over, and later attachments are hotplug arrivals. Reported once, after those attachments.
    case enumerated
    /// Time passes (at least every few tens of milliseconds while running): decoders end idle scans.
    case tick(ContinuousClock.Instant)
}

/// Where reports come from: libusb (`LibUSBTransport`), or code (`ManualScannerTransport`, for tests and benchmarks).
public protocol ScannerTransport: AnyObject, Sendable {
    /// Starts reading. `handler` receives every event, serially; `finished` is called once, after the last event.
    func start(
        matcher: DeviceMatcher, handler: @escaping @Sendable (TransportEvent) -> Void,
        finished: @escaping @Sendable () -> Void
    ) throws(ScannerError)

    /// Asks the transport to stop: it cancels its transfers, reports every device as detached (`shutdown`), then
    /// calls `finished`. Returns at once.
    func stop()
}
