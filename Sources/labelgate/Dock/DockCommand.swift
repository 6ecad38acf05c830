import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Scanners

/// `labelgate dock`: reads the USB scanners and takes every scan to the gate, printing events as they happen.
struct DockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dock",
        abstract: "Read USB barcode scanners and accept or refuse each scan at its station (the receiving dock).",
        discussion: """
            Runs the same accept path the daemon runs (libusb, catalog, decoders, gate). Without --config every
            catalog scanner serves --station. Stops on SIGINT/SIGTERM, or after --stop-after-scans verdicts or
            --stop-after-seconds. With --json each event is one line of JSON.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Dock configuration (JSON): station, per-device bindings, site catalog entries.") var config: String?
    @Option(help: "Station ID when there is no --config.") var station = "dock-1"
    @Option(help: "Station role when there is no --config: receivingDock or bedside.") var role: Station.Role =
        .receivingDock
    @Flag(help: "Also read HID keyboards the catalog does not list.") var acceptUnknownKeyboards = false
    @Flag(help: "Include each scan's bytes (hex) in the output.") var showScans = false
    @Option(help: "Stop after this many verdicts.") var stopAfterScans: Int?
    @Option(help: "Stop after this many seconds.") var stopAfterSeconds: Double?

    func run() async throws {
        var configuration = DockConfiguration(
            station: Station(id: station, role: role), acceptUnknownKeyboards: acceptUnknownKeyboards)
        if let config {
            let data = try Data(contentsOf: URL(fileURLWithPath: config))
            do {
                configuration = try DockConfiguration(json: data)
            } catch {
                throw CLIError("\(error)")
            }
        }
        let gate = try global.openGate()
        let dock = ScannerDock(gate: gate, configuration: configuration, logger: global.logger())
        let events = dock.events()
        let signals = DockSignals { dock.stop() }
        if let seconds = stopAfterSeconds {
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                dock.stop()
            }
        }
        let printer = Task { [json = global.json, showScans, stopAfterScans] in
            var verdicts = 0
            for await event in events {
                DockEventLine(event, showScans: showScans).write(json: json)
                if case .verdict = event {
                    verdicts += 1
                    if let stopAfterScans, verdicts >= stopAfterScans { dock.stop() }
                }
            }
        }
        do {
            try await dock.run()
        } catch {
            throw CLIError("\(error)")
        }
        await printer.value
        withExtendedLifetime(signals) {}
    }
}

/// SIGINT and SIGTERM stop the dock gracefully (devices released, kernel drivers re-attached).
final class DockSignals {
    private let sources: [any DispatchSourceSignal]

    init(_ stop: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
