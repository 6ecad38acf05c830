import Gate
import LabelgateCore
import Logging

/// The receiving dock's accept path: scanners → decoders → `Scan` → the gate at each scanner's station →
/// `Verdict`, published in order on an in-process event stream.
///
/// The transport (libusb by default) reads on its own thread; decoding happens there too, and complete scans go
/// through an unbounded in-order queue to one task that calls `Gate.accept`, so the cooperative pool never blocks on
/// USB. Every completed scan reaches the gate exactly once, including scans completed just before `stop()`.
public final class ScannerDock: Sendable {
    /// The gate that decides.
    public let gate: Gate
    /// The matching rules (catalog + configuration).
    public let matcher: DeviceMatcher
    let transport: any ScannerTransport
    let logger: Logger
    private let hub = ScannerEventHub()

    /// Creates a dock over `gate`; `transport` defaults to libusb.
    public init(
        gate: Gate, configuration: DockConfiguration, catalog: ScannerCatalog = .builtIn,
        transport: (any ScannerTransport)? = nil, logger: Logger
    ) {
        self.gate = gate
        self.matcher = DeviceMatcher(catalog: catalog, configuration: configuration)
        self.transport = transport ?? LibUSBTransport(logger: logger)
        self.logger = logger
    }

    /// A new subscription to the event stream. Subscribe before `run()` to see every event; the stream ends when
    /// `run()` returns.
    public func events() -> AsyncStream<ScannerEvent> {
        hub.subscribe()
    }

    /// Reads scanners until `stop()` is called or the task is cancelled; returns once every scan that was complete
    /// has been decided and published.
    public func run() async throws(ScannerError) {
        let (inputs, continuation) = AsyncStream<DockInput>.makeStream(bufferingPolicy: .unbounded)
        let bank = DecoderBank { continuation.yield($0) }
        try transport.start(matcher: matcher, handler: { bank.handle($0) }, finished: { continuation.finish() })
        logger.info("receiving dock started")
        // The consumer is unstructured on purpose: cancelling `run` must stop the transport, not the draining.
        let consumer = Task { [self] in
            for await input in inputs { await process(input) }
        }
        await withTaskCancellationHandler {
            await consumer.value
        } onCancel: { [transport] in
            transport.stop()
        }
        hub.finish()
        logger.info("receiving dock stopped")
    }

    /// Stops reading: devices are released, scans in progress are discarded with an error, and `run()` returns
    /// after the last complete scan's verdict.
    public func stop() {
        transport.stop()
    }

    private func process(_ input: DockInput) async {
        switch input {
        case .event(let event):
            log(event)
            hub.publish(event)
        case .scan(let id, let scan, let station):
            hub.publish(.scanned(deviceID: id, scan: scan))
            let verdict = await gate.accept(scan, at: station)
            hub.publish(.verdict(deviceID: id, verdict: verdict))
        }
    }

    private func log(_ event: ScannerEvent) {
        switch event {
        case .attached(let profile):
            logger.info(
                "scanner attached",
                metadata: [
                    "device": "\(profile.deviceID)", "mode": "\(profile.mode.rawValue)",
                    "station": "\(profile.station.id)",
                ])
        case .detached(let id, let reason):
            logger.info("scanner detached", metadata: ["device": "\(id)", "reason": "\(reason.rawValue)"])
        case .enumerated(let attached):
            logger.info("present scanners enumerated", metadata: ["attached": "\(attached)"])
        case .ignored(let id, let reason):
            logger.debug("device ignored", metadata: ["device": "\(id)", "reason": "\(reason)"])
        case .error(let id, let error):
            logger.notice("scanner error", metadata: ["device": "\(id ?? "-")", "code": "\(error.code)"])
        case .scanned, .verdict:
            break  // the gate logs verdicts; scan bytes are never logged
        }
    }
}
