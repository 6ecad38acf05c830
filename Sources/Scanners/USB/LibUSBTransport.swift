import CLibUSB
import Foundation
import Logging

/// Reads USB HID scanners through libusb-1.0: one context, one dedicated event thread, hotplug in the
/// "monitor first, then enumerate" order, interfaces claimed with automatic kernel-driver detach (re-attached on
/// release), and asynchronous interrupt transfers, cancelled cleanly on unplug and on `stop()`.
///
/// Everything libusb does happens on the event thread: hotplug callbacks only queue devices, which the loop then
/// opens; transfer callbacks hand reports to the dock's handler. Blocking libusb calls therefore never run on
/// Swift's cooperative pool.
public final class LibUSBTransport: ScannerTransport, @unchecked Sendable {
    // Confined: every property below `lock`'s two is touched only on the event thread (`loop` and the libusb
    // callbacks it runs). `stopRequested` and `context` are shared with `stop()` under `lock`.
    private let lock = NSLock()
    private var stopRequested = false
    private var context: LibUSBContext?

    private let logger: Logger
    private var handler: @Sendable (TransportEvent) -> Void = { _ in }
    private var finished: @Sendable () -> Void = {}
    private var matcher: DeviceMatcher?
    private var hotplugHandle: libusb_hotplug_callback_handle = 0
    private var arrivals: [OpaquePointer] = []
    private var departures: [OpaquePointer] = []
    private var known: Set<OpaquePointer> = []
    private var sessions: [OpaquePointer: USBScannerSession] = [:]
    private var finishing: [USBScannerSession] = []
    /// The decoders' clock: it advances with real time, but by at most `maximumStep` per loop iteration, so a
    /// stalled thread (a slow device being opened, a descheduled process) never looks like a gap between reports.
    private var clock = ContinuousClock.now
    private var lastRealTime = ContinuousClock.now
    static let maximumStep: Duration = .milliseconds(60)
    /// How long a closing session may wait for its cancelled transfer before the handle is closed under it.
    static let closeTimeout: Duration = .seconds(2)
    /// How often the loop wakes without USB events (idle gaps are measured against these ticks).
    static let tickMicroseconds = 20_000

    /// Creates a transport; libusb is initialised when the dock starts it.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Initialises libusb and starts the event thread.
    public func start(
        matcher: DeviceMatcher, handler: @escaping @Sendable (TransportEvent) -> Void,
        finished: @escaping @Sendable () -> Void
    ) throws(ScannerError) {
        guard libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0 else {
            throw ScannerError(.hotplugUnsupported, "this libusb cannot report hotplug events")
        }
        let context = try LibUSBContext()
        lock.withLock { self.context = context }
        self.matcher = matcher
        self.handler = handler
        self.finished = finished
        let thread = Thread { [self] in loop(context) }
        thread.name = "labelgate-usb"
        thread.start()
    }

    /// Asks the event thread to stop; it cancels transfers, reports detachments, then calls `finished`.
    public func stop() {
        lock.withLock {
            stopRequested = true
            context?.interrupt()
        }
    }

    private var shouldStop: Bool { lock.withLock { stopRequested } }

    private func advanceClock() {
        let now = ContinuousClock.now
        clock += min(now - lastRealTime, Self.maximumStep)
        lastRealTime = now
    }

    // MARK: event thread

    private func loop(_ context: LibUSBContext) {
        let ctx = context.pointer
        let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
        let status = libusb_hotplug_register_callback(
            ctx, events, 0, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
            hotplugCallback, Unmanaged.passUnretained(self).toOpaque(), &hotplugHandle)
        if status != 0 {
            handler(.error(deviceID: nil, ScannerError.libusb(status, "registering for hotplug events")))
        } else {
            enumerateExisting(ctx)
            while !shouldStop {
                advanceClock()
                var timeout = timeval(tv_sec: 0, tv_usec: Int(Self.tickMicroseconds))
                _ = libusb_handle_events_timeout_completed(ctx, &timeout, nil)
                reapFinished()
                processHotplug()
                expireClosingSessions()
                reapFinished()
                advanceClock()
                handler(.tick(clock))
            }
            libusb_hotplug_deregister_callback(ctx, hotplugHandle)
        }
        shutDown(ctx)
        lock.withLock { self.context = nil }
        finished()
    }

    /// Monitor first (the callback is registered), then enumerate: a device that arrives in between is queued
    /// twice and opened once.
    private func enumerateExisting(_ ctx: OpaquePointer) {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(ctx, &list)
        guard count >= 0, let list else {
            handler(.error(deviceID: nil, ScannerError.libusb(Int32(count), "listing USB devices")))
            handler(.enumerated)  // nothing could be listed: later devices arrive by hotplug
            return
        }
        for index in 0..<count {
            if let device = list[index] { queueArrival(device) }
        }
        libusb_free_device_list(list, 1)
        processHotplug()
        handler(.enumerated)
    }

    fileprivate func hotplug(_ device: OpaquePointer, arrived: Bool) {
        if arrived { queueArrival(device) } else { departures.append(device) }
    }

    private func queueArrival(_ device: OpaquePointer) {
        guard !known.contains(device), !arrivals.contains(device) else { return }
        arrivals.append(libusb_ref_device(device))
    }

    private func processHotplug() {
        while !arrivals.isEmpty {
            let device = arrivals.removeFirst()
            if known.contains(device) {
                libusb_unref_device(device)
                continue
            }
            known.insert(device)  // keeps the reference taken when queued, until the device leaves
            open(device)
        }
        while !departures.isEmpty {
            let device = departures.removeFirst()
            if let session = sessions[device] { close(session, reason: .unplugged) }
            if known.remove(device) != nil { libusb_unref_device(device) }
        }
    }

    // MARK: opening

    private func open(_ device: OpaquePointer) {
        guard let matcher, let probe = USBDeviceProbe(device: device) else { return }
        let interfaces = probe.interfaces
        var identity = USBDeviceIdentity(vendorID: probe.vendorID, productID: probe.productID, port: probe.port)
        guard
            matcher.isCandidate(
                vendorID: probe.vendorID, productID: probe.productID, port: probe.port,
                interfaces: interfaces.map(\.hid))
        else {
            if interfaces.contains(where: \.hid.isBootKeyboard) {
                handler(.ignored(deviceID: identity.deviceID, reason: "an unlisted HID keyboard"))
            }
            return
        }
        let handle: USBDeviceHandle
        do {
            handle = try USBDeviceHandle(device: device)
        } catch {
            handler(.error(deviceID: identity.deviceID, error))
            return
        }
        identity.serial = handle.string(at: probe.serialIndex)
        identity.manufacturer = handle.string(at: probe.manufacturerIndex)
        identity.product = handle.string(at: probe.productIndex)
        let serials = Set(sessions.values.compactMap(\.profile.identity.serial))
        var reasons: [String] = []
        for interface in interfaces {
            do {
                try handle.claim(interface.hid.number)
            } catch {
                handler(.error(deviceID: identity.deviceID, error))
                continue
            }
            let descriptor =
                interface.hid.isBootKeyboard
                ? .unreadable("not needed for a boot keyboard") : readReportDescriptor(handle, interface)
            switch matcher.decide(identity, interface: interface.hid, descriptor: descriptor, serialsInUse: serials) {
            case .use(let profile):
                if start(profile, device: device, handle: handle, interface: interface) { return }
                handle.release(interface.hid.number)
            case .ignore(let reason):
                reasons.append(reason)
                handle.release(interface.hid.number)
            case .reject(let error):
                handler(.error(deviceID: identity.deviceID, error))
                handle.release(interface.hid.number)
            }
        }
        if !reasons.isEmpty { handler(.ignored(deviceID: identity.deviceID, reason: reasons.joined(separator: "; "))) }
    }

    private func readReportDescriptor(_ handle: USBDeviceHandle, _ interface: USBDeviceProbe.Interface)
        -> DescriptorRead
    {
        let length = min(max(interface.reportDescriptorLength, 1), ReportDescriptor.maximumLength)
        switch handle.controlIn(
            requestType: 0x81, request: 0x06, value: 0x2200, index: UInt16(interface.hid.number), length: length)
        {
        case .success(let bytes): return bytes.isEmpty ? .unreadable("an empty report descriptor") : .bytes(bytes)
        case .failure(let error): return .unreadable(error.reason)
        }
    }

    /// Starts reading: SET_IDLE(0) so the device reports only changes, SET_PROTOCOL(boot) for boot keyboards (both
    /// best-effort), then the first interrupt transfer.
    private func start(
        _ profile: ScannerProfile, device: OpaquePointer, handle: USBDeviceHandle, interface: USBDeviceProbe.Interface
    ) -> Bool {
        let number = UInt16(interface.hid.number)
        handle.controlOut(requestType: 0x21, request: 0x0A, value: 0, index: number)
        if interface.hid.subclass == 1 { handle.controlOut(requestType: 0x21, request: 0x0B, value: 0, index: number) }
        let length = max(interface.maxPacketSize, profile.decoder.reportLength)
        let session: USBScannerSession
        do {
            let transfer = try USBInterruptTransfer(handle: handle, endpoint: interface.endpoint, length: length)
            session = USBScannerSession(device: device, profile: profile, handle: handle, transfer: transfer)
            transfer.onCompletion = { [unowned self, unowned session] completion in
                completed(session, completion)
            }
            try transfer.submit()
        } catch {
            handler(.error(deviceID: profile.deviceID, error))
            return false
        }
        sessions[device] = session
        handler(.attached(profile))
        return true
    }

    // MARK: transfers

    private func completed(_ session: USBScannerSession, _ completion: USBInterruptTransfer.Completion) {
        let id = session.profile.deviceID
        switch completion {
        case .data(let bytes):
            session.consecutiveFailures = 0
            handler(.report(deviceID: id, bytes: bytes, at: clock))
        case .timedOut:
            break
        case .cancelled:
            finalize(session)
            return
        case .noDevice:
            close(session, reason: .unplugged)
            return
        case .stalled:
            session.consecutiveFailures += 1
            if let pointer = session.handle.pointer { _ = libusb_clear_halt(pointer, 0x81) }
        case .failed(let reason):
            session.consecutiveFailures += 1
            handler(.error(deviceID: id, ScannerError(.usb, reason)))
        }
        guard session.closing == nil else {
            finalize(session)
            return
        }
        guard session.consecutiveFailures < 5 else {
            handler(.error(deviceID: id, ScannerError(.usb, "five transfers in a row failed; the scanner is released")))
            close(session, reason: .failed)
            return
        }
        do {
            try session.transfer.submit()
        } catch {
            handler(.error(deviceID: id, error))
            close(session, reason: error.code == .usb ? .failed : .unplugged)
        }
    }

    /// Starts closing: cancels the transfer if it is in flight (its completion finalizes), else finalizes now.
    private func close(_ session: USBScannerSession, reason: DetachReason) {
        if session.closing == nil { session.closing = (reason, .now) }
        if session.transfer.inFlight {
            session.transfer.cancel()
        } else {
            finalize(session)
        }
    }

    /// Marks the session finished. The handle is closed later by `reapFinished()`, outside libusb_handle_events:
    /// libusb_close takes the event lock, so calling it from a transfer callback would deadlock.
    private func finalize(_ session: USBScannerSession) {
        guard sessions.removeValue(forKey: session.device) != nil else { return }
        finishing.append(session)
    }

    /// Releases the interfaces (re-attaching the kernel driver), closes the handles and reports the detachments.
    private func reapFinished() {
        while !finishing.isEmpty {
            finish(finishing.removeFirst())
        }
    }

    private func finish(_ session: USBScannerSession) {
        if session.transfer.inFlight {
            // The cancelled transfer never completed (the device vanished without libusb noticing): closing the
            // handle removes it from libusb's in-flight list, after which it may be freed.
            session.handle.close()
            session.transfer.abandonAfterHandleClosed()
        }
        session.handle.close()
        handler(.detached(deviceID: session.profile.deviceID, reason: session.closing?.reason ?? .unplugged))
    }

    private func expireClosingSessions() {
        let now = ContinuousClock.now
        for session in sessions.values {
            if let closing = session.closing, now - closing.since > Self.closeTimeout {
                logger.warning(
                    "a cancelled transfer never completed", metadata: ["device": "\(session.profile.deviceID)"])
                finalize(session)
            }
        }
    }

    private func shutDown(_ ctx: OpaquePointer) {
        for session in Array(sessions.values) { close(session, reason: .shutdown) }
        let deadline = ContinuousClock.now + Self.closeTimeout
        while !sessions.isEmpty && ContinuousClock.now < deadline {
            var timeout = timeval(tv_sec: 0, tv_usec: 20_000)
            _ = libusb_handle_events_timeout_completed(ctx, &timeout, nil)
            reapFinished()
        }
        for session in Array(sessions.values) { finalize(session) }
        reapFinished()
        for device in arrivals { libusb_unref_device(device) }
        for device in known { libusb_unref_device(device) }
        arrivals = []
        known = []
    }
}

/// The C hotplug callback: only queues the device; the event loop opens it after libusb_handle_events returns.
private func hotplugCallback(
    _ context: OpaquePointer?, _ device: OpaquePointer?, _ event: libusb_hotplug_event,
    _ user: UnsafeMutableRawPointer?
) -> Int32 {
    guard let device, let user else { return 0 }
    let transport = Unmanaged<LibUSBTransport>.fromOpaque(user).takeUnretainedValue()
    transport.hotplug(device, arrived: event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED)
    return 0
}
