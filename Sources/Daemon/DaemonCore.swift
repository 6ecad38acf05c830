import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerPostgres
import Logging
import Printing
import Synchronization

/// Everything the daemon's services and API share: the gate, the stations, printers, workflows, events and metrics.
///
/// Every operation that accepts a scan or prints goes through `gate`; the core adds events, metrics and
/// manifests around the gate's verdicts, never instead of them.
public final class DaemonCore: Sendable {
    /// The configuration it was built from.
    public let configuration: DaemonConfiguration
    /// The one gate.
    public let gate: Gate
    /// The live event stream.
    public let bus: EventBus
    /// Devices and their states.
    public let devices: DeviceRegistry
    /// Prometheus metrics.
    public let metrics: DaemonMetrics
    /// Bearer tokens.
    public let tokens: TokenStore
    /// Two-operator verification of critical steps.
    public let verification: TwoOperatorVerification
    /// Shipment manifests at the docks.
    public let manifests: ReceivingManifests
    /// What a reprint does once two operators signed (replaceable when `Gate.reprint` lands).
    public let reprinter: any Reprinting
    /// Parts that must be up before READY=1.
    public let readiness: Readiness
    /// The owner recorded with every print job of this run: this gateway and a new incarnation.
    public let printFence: PrintFence
    /// The hold on this gateway (taken at start, before recovery); prints are refused while it is not held.
    public let gateway = GatewaySlot()
    let printers: [String: ObservedPrinter]
    /// One renderer per printer, at that printer's resolution.
    let renderers: [String: TemplateRenderer]
    /// The stations' NFC readers.
    let tagReaders: TagReaders
    let logger: Logger
    let startedAt = Date()
    private let lastVerdicts = Mutex<[String: Verdict]>([:])

    /// Wires the core over an open ledger. The gate trusts NXP's tag originality keys only.
    public convenience init(
        configuration: DaemonConfiguration, store: any LedgerStore, logger: Logger, reprinter: (any Reprinting)? = nil
    ) throws(DaemonError) {
        try self.init(configuration: configuration, store: store, logger: logger, reprinter: reprinter, tagTrust: .nxp)
    }

    /// Wires the core with a given tag originality trust store (package-internal, like the gate's: tests trust the
    /// test tag maker that signs the emulated tags; `labelgated` always uses the public initializer).
    package init(
        configuration: DaemonConfiguration, store: any LedgerStore, logger: Logger, reprinter: (any Reprinting)?,
        tagTrust: OriginalityTrust
    ) throws(DaemonError) {
        self.configuration = configuration
        self.logger = logger
        do {
            printFence = try PrintFence(
                gateway: configuration.daemon.gateway
                    ?? GatewayIdentity.default(ledgerLocation: Self.ledgerLocation(configuration)),
                incarnation: GatewayIdentity.newIncarnation())
        } catch {
            throw DaemonError(.configuration, "gateway: \(error.reason)")
        }
        do {
            gate = try Gate(store: store, logger: logger, tagTrust: tagTrust, printFence: printFence)
        } catch {
            throw DaemonError(.configuration, "the gate could not start: \(error)")
        }
        bus = EventBus(capacity: configuration.daemon.eventBuffer)
        devices = DeviceRegistry(bus: bus)
        metrics = DaemonMetrics()
        tokens = TokenStore(configuration.tokens)
        verification = TwoOperatorVerification(
            store: store, directory: OperatorDirectory(configuration.operators), logger: logger)
        manifests = ReceivingManifests(store: store, logger: logger)
        readiness = Readiness()
        var printers: [String: ObservedPrinter] = [:]
        var renderers: [String: TemplateRenderer] = [:]
        if !configuration.printers.isEmpty {
            let printerCatalog = try configuration.printerCatalog()
            let templates: TemplateCatalog
            do {
                templates = try TemplateCatalog(directory: URL(fileURLWithPath: configuration.daemon.templates))
            } catch {
                throw DaemonError(.configuration, "templates at \(configuration.daemon.templates): \(error)")
            }
            for entry in printerCatalog.entries {
                let station = configuration.stations.first { $0.printer == entry.name }?.id
                printers[entry.name] = ObservedPrinter(
                    base: printerCatalog.printer(entry, logger: logger), registry: devices, metrics: metrics,
                    station: station, directory: entry.backend == "spool" ? entry.directory.map { URL(fileURLWithPath: $0) } : nil)
                // Each printer gets labels rendered at its own resolution.
                renderers[entry.name] = TemplateRenderer(catalog: templates, dotsPerInch: entry.dpi)
            }
        }
        self.printers = printers
        self.renderers = renderers
        tagReaders = TagReaders(configuration: configuration, logger: logger)
        self.reprinter = reprinter ?? GateReprinter()
    }

    /// Where the ledger is, for the default gateway identity: the SQLite file's absolute path, or the PostgreSQL
    /// endpoint, database and schema (never the password).
    static func ledgerLocation(_ configuration: DaemonConfiguration) -> String {
        if let url = configuration.ledger.url {
            guard let settings = try? PostgresLedgerConfiguration(url: url) else { return "postgres" }
            return settings.location
        }
        return URL(fileURLWithPath: configuration.daemon.ledger).standardizedFileURL.path
    }

    /// The station with this ID.
    func station(_ id: String) throws(APIError) -> DaemonConfiguration.StationSettings {
        guard let station = configuration.station(id) else { throw APIError(.notFound, "no station \(id)") }
        return station
    }

    /// A scan at a station: through `Gate.accept` (audited), then onto the event stream, metrics and manifest.
    public func submitScan(_ scan: Scan, at station: Station, by actor: Actor?) async -> ScanOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let verdict = await gate.accept(scan, at: station, by: actor)
        let elapsed = clock.now - start
        return await publish(verdict, latency: elapsed, device: scan.source.auditLabel, scanLength: scan.bytes.count)
    }

    /// Publishes a verdict the gate already decided (from the API or the scanner dock).
    func publish(_ verdict: Verdict, latency: Duration?, device: String?, scanLength: Int?) async -> ScanOutcome {
        metrics.record(verdict, latency: latency)
        lastVerdicts.withLock { $0[verdict.station] = verdict }
        if let scanLength {
            bus.publish(DaemonEvent(type: .scan, station: verdict.station, device: device, state: "\(scanLength) bytes"))
        }
        bus.publish(DaemonEvent(type: .verdict, station: verdict.station, verdict: verdict, device: device))
        let flag = await manifests.note(verdict, by: Actor(.station, verdict.station))
        if flag == .unexpected {
            bus.publish(
                DaemonEvent(
                    type: .manifest, station: verdict.station, state: "unexpected",
                    message: "Bag \(verdict.din ?? "") is not on the shipment's manifest"))
        }
        return ScanOutcome(verdict: verdict, manifest: flag)
    }

    /// The last verdict at a station.
    func lastVerdict(at station: String) -> Verdict? { lastVerdicts.withLock { $0[station] } }

    /// The printer of a print station, for a print or a reprint: only while this daemon holds its gateway (the
    /// labels' print jobs are fenced to it).
    func printer(for station: DaemonConfiguration.StationSettings) throws(APIError) -> (ObservedPrinter, TemplateRenderer) {
        guard station.role == .printStation, let name = station.printer, let printer = printers[name],
            let renderer = renderers[name]
        else {
            throw APIError(.conflict, "station \(station.id) is not a print station with a printer")
        }
        guard gateway.isHeld else {
            throw APIError(
                .unavailable, "gateway \(printFence.gateway) is not held: prints wait until it is",
                detail: "daemon.gatewayNotHeld")
        }
        return (printer, renderer)
    }

    /// Prints through `Gate.print`; publishes the outcome.
    func print(_ request: PrintRequest, at station: DaemonConfiguration.StationSettings, by actor: Actor)
        async throws(APIError) -> [PrintedLabel]
    {
        let (printer, renderer) = try printer(for: station)
        // The tag is written only when the template says its labels carry one; the gate refuses such a template
        // without a writer (a print station with no reader).
        let tag = renderer.carriesTag(template: request.template) ? tagReaders.encoder(forStation: station.id) : nil
        let result = await Self.printResult(gate, request, renderer: renderer, printer: printer, tag: tag, actor: actor)
        switch result {
        case .success(let labels):
            bus.publish(
                DaemonEvent(
                    type: .printed, station: station.id, device: printer.name,
                    state: labels.allSatisfy { $0.state == .printed } ? "printed" : "incomplete",
                    serials: labels.map(\.serial.text)))
            return labels
        case .failure(let error):
            bus.publish(DaemonEvent(type: .printed, station: station.id, device: printer.name, state: "refused",
                message: error.reason))
            throw APIError.from(error)
        }
    }

    static func printResult(
        _ gate: Gate, _ request: PrintRequest, renderer: TemplateRenderer, printer: ObservedPrinter,
        tag: (any TagEncoding)?, actor: Actor
    ) async -> Result<[PrintedLabel], GateError> {
        do {
            return .success(try await gate.print(request, renderer: renderer, printer: printer, by: actor, tag: tag))
        } catch {
            return .failure(error)
        }
    }

    /// Checks that the daemon is alive: the ledger answers a read within `timeout`.
    public func liveness(timeout: Duration = .seconds(5)) async -> Bool {
        let store = gate.store
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    _ = try await store.auditRows(after: Int64.max - 1, limit: 1)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

/// A verdict, and how it stands against the station's open manifest.
public struct ScanOutcome: Sendable, Codable, Hashable {
    /// The gate's audited verdict.
    public var verdict: Verdict
    /// The manifest flag, when a shipment is open at the station.
    public var manifest: ManifestFlag?

    /// An outcome.
    public init(verdict: Verdict, manifest: ManifestFlag?) {
        self.verdict = verdict
        self.manifest = manifest
    }
}

extension APIError {
    /// Maps a gate refusal to the API.
    static func from(_ error: GateError) -> APIError {
        switch error.code {
        case .unknownRecord, .dinNotInRecord: return APIError(.notFound, error.reason, detail: error.code.rawValue)
        case .ledger: return APIError(.unavailable, error.reason, detail: error.code.rawValue)
        default: return APIError(.refused, error.reason, detail: error.code.rawValue)
        }
    }

    /// Maps a workflow refusal to the API.
    static func from(_ error: WorkflowError) -> APIError {
        switch error.code {
        case .outOfOrder, .alreadyDone, .shipment: return APIError(.conflict, error.reason, detail: error.code.rawValue)
        case .ledger: return APIError(.unavailable, error.reason, detail: error.code.rawValue)
        default: return APIError(.refused, error.reason, detail: error.code.rawValue)
        }
    }
}
