import Foundation

/// A transport driven by code instead of USB: tests and benchmarks plug devices and deliver reports with it, and the
/// same matching and decoding as with libusb applies.
public final class ManualScannerTransport: ScannerTransport, @unchecked Sendable {
    // Confined by `lock`: every handler call happens while holding it, so the dock sees events serially.
    private let lock = NSLock()
    private var handler: (@Sendable (TransportEvent) -> Void)?
    private var finished: (@Sendable () -> Void)?
    private var matcher: DeviceMatcher?
    private var attached: [String: ScannerProfile] = [:]

    /// Creates a transport; nothing happens until the dock starts it.
    public init() {}

    /// Starts: remembers the handler and reports the devices attached before the dock started.
    public func start(
        matcher: DeviceMatcher, handler: @escaping @Sendable (TransportEvent) -> Void,
        finished: @escaping @Sendable () -> Void
    ) throws(ScannerError) {
        lock.withLock {
            self.matcher = matcher
            self.handler = handler
            self.finished = finished
            for id in attached.keys.sorted() {
                if let profile = attached[id] { handler(.attached(profile)) }
            }
        }
    }

    /// Whether the dock has started the transport (reports delivered before are dropped).
    public var isStarted: Bool { lock.withLock { handler != nil } }

    /// Waits until the dock has started the transport.
    public func waitUntilStarted() async {
        while !isStarted { try? await Task.sleep(for: .milliseconds(1)) }
    }

    /// Stops: every attached device is detached (`shutdown`), then the stream ends.
    public func stop() {
        lock.withLock {
            for id in attached.keys.sorted() { handler?(.detached(deviceID: id, reason: .shutdown)) }
            attached = [:]
            finished?()
            handler = nil
            finished = nil
        }
    }

    /// Plugs a device in: its HID interfaces are matched in order as the libusb transport does, and the first one
    /// the matcher uses is attached. Returns the attached profile, if any.
    @discardableResult
    public func plug(_ identity: USBDeviceIdentity, interfaces: [(HIDInterface, DescriptorRead)]) -> ScannerProfile? {
        lock.withLock {
            guard let matcher, let handler else { return nil }
            guard
                matcher.isCandidate(
                    vendorID: identity.vendorID, productID: identity.productID, port: identity.port,
                    interfaces: interfaces.map(\.0))
            else {
                handler(.ignored(deviceID: identity.deviceID, reason: "not a listed scanner"))
                return nil
            }
            let serials = Set(attached.values.compactMap(\.identity.serial))
            var reasons: [String] = []
            for (interface, descriptor) in interfaces {
                switch matcher.decide(identity, interface: interface, descriptor: descriptor, serialsInUse: serials) {
                case .use(let profile):
                    attached[profile.deviceID] = profile
                    handler(.attached(profile))
                    return profile
                case .ignore(let reason): reasons.append(reason)
                case .reject(let error): handler(.error(deviceID: identity.deviceID, error))
                }
            }
            if !reasons.isEmpty {
                handler(.ignored(deviceID: identity.deviceID, reason: reasons.joined(separator: "; ")))
            }
            return nil
        }
    }

    /// Attaches a profile directly, without matching (reported when the dock starts, if it has not yet).
    public func attach(_ profile: ScannerProfile) {
        lock.withLock {
            attached[profile.deviceID] = profile
            handler?(.attached(profile))
        }
    }

    /// Delivers one input report from `deviceID`.
    public func deliver(_ report: [UInt8], from deviceID: String, at time: ContinuousClock.Instant = .now) {
        lock.withLock {
            guard attached[deviceID] != nil else { return }
            handler?(.report(deviceID: deviceID, bytes: report, at: time))
        }
    }

    /// Unplugs `deviceID`.
    public func unplug(_ deviceID: String) {
        lock.withLock {
            guard attached.removeValue(forKey: deviceID) != nil else { return }
            handler?(.detached(deviceID: deviceID, reason: .unplugged))
        }
    }

    /// Reports the end of the first enumeration (libusb reports it once the devices present at start are opened);
    /// plug the devices that were "present" before calling it.
    public func enumerated() {
        lock.withLock { handler?(.enumerated) }
    }

    /// Lets time pass for the decoders' idle gaps and continuation timeouts.
    public func tick(at time: ContinuousClock.Instant = .now) {
        lock.withLock { handler?(.tick(time)) }
    }
}
