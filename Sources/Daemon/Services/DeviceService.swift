import Foundation
import Gate
import Logging
import Scanners
import ServiceLifecycle

/// Second: checks the printers, lists configured readers, runs the scanner dock (libusb) and forwards its events —
/// attachments, departures and the gate's verdicts on USB scans — to the daemon's event stream and metrics.
struct DeviceService: Service {
    let core: DaemonCore
    let dock: ScannerDock?
    let logger: Logger

    func run() async throws {
        for printer in core.printers.values { printer.checkHealth() }
        for station in core.configuration.stations {
            for reader in station.readers {
                core.devices.update(kind: "reader", id: reader, station: station.id, state: "configured")
            }
        }
        guard let dock else {
            core.readiness.markUp(.devices)
            try? await gracefulShutdown()
            return
        }
        let events = dock.events()
        let forwarder = Task { [core] in
            for await event in events { await Self.forward(event, to: core) }
        }
        let started = Task { [core] in
            // libusb enumerates present devices when hotplug is registered, on the event thread; their attachments
            // are reported before this grace period ends on any machine we know of.
            try? await Task.sleep(for: .milliseconds(500))
            core.readiness.markUp(.devices)
        }
        do {
            try await withGracefulShutdownHandler {
                try await dock.run()
            } onGracefulShutdown: {
                dock.stop()
            }
        } catch {
            logger.error("scanner dock failed; continuing without USB scanners", metadata: ["error": "\(error)"])
            core.devices.update(kind: "scanner", id: "usb", station: nil, state: "failed", detail: "\(error)")
            core.readiness.markUp(.devices)
            try? await gracefulShutdown()
        }
        started.cancel()
        await forwarder.value
    }

    static func forward(_ event: ScannerEvent, to core: DaemonCore) async {
        switch event {
        case .attached(let profile):
            core.devices.update(kind: "scanner", id: profile.deviceID, station: profile.station.id, state: "attached")
        case .detached(let id, let reason):
            core.devices.update(kind: "scanner", id: id, station: nil, state: "detached", detail: reason.rawValue)
        case .error(let id, let error):
            if let id { core.devices.update(kind: "scanner", id: id, station: nil, state: "failed", detail: error.code.rawValue) }
        case .scanned(let id, let scan):
            core.bus.publish(DaemonEvent(type: .scan, device: id, state: "\(scan.bytes.count) bytes"))
        case .verdict(let id, let verdict):
            _ = await core.publish(verdict, latency: nil, device: id, scanLength: nil)
        case .ignored:
            break
        }
    }
}
