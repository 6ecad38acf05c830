import Foundation
import Gate
import Logging
import Scanners
import ServiceLifecycle

/// Stopped before the API: checks the printers (then every `printer_poll_seconds`, with the print stations' NFC
/// readers), tries every NFC reader and runs the docks' and bedsides' readers (`TagReaderLoop`), runs the scanner
/// dock (libusb) and forwards its events — attachments, departures and the gate's verdicts on USB scans — to the
/// daemon's event stream and metrics. The devices are
/// reported up (for READY=1) once the printers were asked, the readers tried and the dock's first enumeration done.
/// On shutdown the devices are released first (their departures go out on the event stream), then the event streams
/// end, so that the API, which stops next, can drain.
struct DeviceService: Service {
    let core: DaemonCore
    let dock: ScannerDock?
    let logger: Logger

    func run() async throws {
        defer { core.bus.finish() }
        try await runDevices()
    }

    private func runDevices() async throws {
        // Printers are asked for their state before READY, then every `printer_poll_seconds`.
        await checkPrinters()
        let monitor = Task { [core, self] in
            let interval = Duration.seconds(core.configuration.daemon.printerPollSeconds)
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                await checkPrinters()
                await probePrintStationReaders()
            }
        }
        defer { monitor.cancel() }
        // Every configured NFC reader is tried once before READY; docks' and bedsides' readers then accept tags.
        await withTaskGroup(of: Void.self) { group in
            for reader in core.tagReaders.readers { group.addTask { [core] in _ = await TagReaders.probe(reader, core: core) } }
        }
        let readerLoops = Task { [core, logger] in
            await withTaskGroup(of: Void.self) { group in
                for reader in core.tagReaders.accepting {
                    group.addTask { await TagReaderLoop(core: core, reader: reader, logger: logger).run() }
                }
            }
        }
        defer {
            readerLoops.cancel()
            core.tagReaders.close()
        }
        guard let dock else {
            core.readiness.markUp(.devices)
            try? await gracefulShutdown()
            readerLoops.cancel()
            await readerLoops.value
            return
        }
        let events = dock.events()
        // The dock reports `.enumerated` once every scanner present at start is open (its attachment came first, on
        // the same ordered stream), so the devices are reported up only after the registry lists them.
        let (enumerated, enumeratedContinuation) = AsyncStream<Void>.makeStream()
        let forwarder = Task { [core] in
            for await event in events {
                await Self.forward(event, to: core)
                if case .enumerated = event { enumeratedContinuation.yield() }
            }
            enumeratedContinuation.finish()
        }
        let started = Task { [core] in
            // The first enumeration, or the dock's end (it failed to start): either way the devices are settled.
            for await _ in enumerated { break }
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
            enumeratedContinuation.finish()
            forwarder.cancel()  // the dock never started, so its event stream never ends by itself
            await started.value
            try? await gracefulShutdown()
        }
        await forwarder.value
        await started.value
        readerLoops.cancel()
        await readerLoops.value
    }

    /// Tries the print stations' readers again (docks' and bedsides' readers report themselves from their loops):
    /// a tag writer that went away, or came back, shows in `/v1/devices` and on the event stream.
    func probePrintStationReaders() async {
        for reader in core.tagReaders.readers where reader.station.role == .printStation {
            await TagReaders.probe(reader, core: core)
        }
    }

    /// Asks every printer for its state, concurrently (a network printer may take its status timeout to answer).
    func checkPrinters() async {
        await withTaskGroup(of: Void.self) { group in
            for printer in core.printers.values { group.addTask { await printer.checkHealth() } }
        }
    }

    static func forward(_ event: ScannerEvent, to core: DaemonCore) async {
        switch event {
        case .attached(let profile):
            core.devices.update(kind: "scanner", id: profile.deviceID, station: profile.station.id, state: "attached")
        case .detached(let id, let reason):
            core.devices.update(kind: "scanner", id: id, station: nil, state: "detached", detail: reason.rawValue)
        case .error(let id, let error) where error.code == .unassigned:
            // A scanner no station claims: listed and announced (`deviceIgnored`), never read or decided.
            if let id {
                core.devices.update(kind: "scanner", id: id, station: nil, state: "ignored", detail: error.code.rawValue)
            }
        case .error(let id, let error):
            if let id { core.devices.update(kind: "scanner", id: id, station: nil, state: "failed", detail: error.code.rawValue) }
        case .scanned(let id, let scan):
            core.bus.publish(DaemonEvent(type: .scan, device: id, state: "\(scan.bytes.count) bytes"))
        case .verdict(let id, let verdict):
            _ = await core.publish(verdict, latency: nil, device: id, scanLength: nil)
        case .enumerated, .ignored:
            break
        }
    }
}
