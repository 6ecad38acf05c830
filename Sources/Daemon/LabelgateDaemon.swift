#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Gate
import Hummingbird
import HummingbirdCore
import LabelgateCore
import Ledger
import LedgerPostgres
import Logging
import NIOCore
import Scanners
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
private let RLIMIT_NOFILE_RESOURCE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#endif

/// Builds the daemon: the core over the SQLite ledger, and the service group
/// ledger → devices → API (Unix socket, optional TCP) → systemd notifier, which starts in that order and stops in
/// reverse on SIGTERM or SIGINT.
public enum LabelgateDaemon {
    /// The running parts, for the executable and for tests.
    public struct Built: Sendable {
        /// The shared core.
        public let core: DaemonCore
        /// The service group to run.
        public let group: ServiceGroup
    }

    /// Opens the ledger and wires every service.
    public static func build(
        configuration: DaemonConfiguration, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        signals: [UnixSignal] = [.sigterm, .sigint]
    ) throws(DaemonError) -> Built {
        let store: any LedgerStore
        if let url = configuration.ledger.url {
            // Nothing is connected yet: the ledger service's first read does, and an unreachable database makes
            // the gate refuse with the reason until it returns.
            do {
                store = try PostgresLedger(url: url, logger: logger)
            } catch {
                throw DaemonError(.ledger, "cannot use the PostgreSQL ledger: \(error)")
            }
        } else {
            do {
                store = try SQLiteLedger(path: configuration.daemon.ledger, logger: logger)
            } catch {
                throw DaemonError(.ledger, "cannot open the ledger at \(configuration.daemon.ledger): \(error)")
            }
        }
        return try build(configuration: configuration, store: store, logger: logger, environment: environment, signals: signals)
    }

    /// Wires every service over an open ledger. `scannerTransport` replaces libusb (tests drive the dock with
    /// `ManualScannerTransport`); it is used only when the configuration says `usb = true`.
    public static func build(
        configuration: DaemonConfiguration, store: any LedgerStore, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        signals: [UnixSignal] = [.sigterm, .sigint], scannerTransport: (any ScannerTransport)? = nil
    ) throws(DaemonError) -> Built {
        try build(
            configuration: configuration, store: store, logger: logger, environment: environment, signals: signals,
            scannerTransport: scannerTransport, tagTrust: .nxp)
    }

    /// The same with a given tag originality trust store (package-internal: tests that accept emulated tags).
    package static func build(
        configuration: DaemonConfiguration, store: any LedgerStore, logger: Logger, environment: [String: String],
        signals: [UnixSignal], scannerTransport: (any ScannerTransport)?, tagTrust: OriginalityTrust
    ) throws(DaemonError) -> Built {
        let core = try DaemonCore(
            configuration: configuration, store: store, logger: logger, reprinter: nil, tagTrust: tagTrust)
        let dock =
            configuration.daemon.usb ? makeDock(core: core, transport: scannerTransport, logger: logger) : nil
        // Services stop in reverse order: the notifier (STOPPING=1), then the devices, whose departures still reach
        // the event streams before the device service ends them, then the API, then the ledger.
        var services: [any Service] = [LedgerService(core: core, logger: logger)]
        services.append(contentsOf: try apiServices(core: core, logger: logger))
        services.append(
            EventHeartbeatService(
                bus: core.bus, interval: .seconds(configuration.daemon.eventHeartbeatSeconds)))
        services.append(DeviceService(core: core, dock: dock, logger: logger))
        services.append(
            NotifierService(
                core: core, notify: SystemdNotify(environment: environment),
                watchdog: SystemdNotify.watchdogInterval(environment: environment), logger: logger))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: signals, cancellationSignals: [], logger: logger))
        return Built(core: core, group: group)
    }

    /// The dock over the configured bindings. There is no default station: a scanner that no `scanners` entry
    /// binds is reported (`deviceIgnored`, state `ignored` in /v1/devices) and never read, so its scans reach no gate.
    /// The IDs were checked when the configuration was read (four hexadecimal digits each).
    static func makeDock(core: DaemonCore, transport: (any ScannerTransport)?, logger: Logger) -> ScannerDock {
        var bindings: [DeviceBinding] = []
        for station in core.configuration.stations {
            for scanner in station.scanners {
                bindings.append(
                    DeviceBinding(
                        vendorID: scanner.vendorID, productID: scanner.productID, serial: scanner.serial,
                        port: scanner.port, station: station.station))
            }
        }
        return ScannerDock(
            gate: core.gate, configuration: DockConfiguration(station: nil, devices: bindings), transport: transport,
            logger: logger)
    }

    /// Request heads: at most this many bytes of header fields, in all and per field (the API's requests carry a
    /// few short headers).
    static let maximumHeaderBytes = 16 * 1024
    /// Request heads: at most this many header fields.
    static let maximumHeaderFields = 64

    /// The API on the Unix socket (mode 0660, group from the configuration) and, if configured, on TCP. Both share
    /// one cap on open connections (`max_connections`); every connection is closed when it stays idle
    /// (`idle_timeout_seconds`) or stops reading (`stalled_write_seconds`); request heads are bounded here and
    /// bodies by `max_body_bytes` in the API.
    static func apiServices(core: DaemonCore, logger: Logger) throws(DaemonError) -> [any Service] {
        let settings = core.configuration.daemon
        let router = DaemonAPI(core: core).router()
        try ensureDescriptors(forConnections: settings.maxConnections)
        let slots = ConnectionSlots(limit: settings.maxConnections, metrics: core.metrics, logger: logger)
        let stallLimit = TimeAmount.seconds(Int64(settings.stalledWriteSeconds))
        let metrics = core.metrics
        let http = HTTPServerBuilder.http1(
            configuration: .init(
                additionalChannelHandlers: [
                    slots.handler(), StalledWriteGuard(limit: stallLimit, onClose: { metrics.connectionStalled() }),
                ],
                idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds)),
                httpDecoderConfiguration: .init(
                    maxHeaderFieldSize: maximumHeaderBytes, maxHeaderListSize: maximumHeaderBytes,
                    maxHeaderFieldCount: maximumHeaderFields)))
        let path = settings.socket
        let gid = try group(named: settings.socketGroup)
        try prepareSocketDirectory(path)
        var services: [any Service] = []
        let unix = Application(
            router: router, server: http,
            configuration: ApplicationConfiguration(address: .unixDomainSocket(path: path), serverName: "labelgated"),
            onServerRunning: { _ in
                // The socket exists now: restrict it before anyone is told the daemon is ready.
                if let gid { _ = chown(path, uid_t.max, gid) }
                _ = chmod(path, 0o660)
                core.readiness.markUp(.api)
                logger.info("API listening", metadata: ["socket": "\(path)"])
            },
            logger: logger)
        services.append(unix)
        if let tcp = settings.tcp {
            let parts = tcp.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]) else {
                throw DaemonError(.configuration, "tcp must be host:port, not \(tcp)")
            }
            services.append(
                Application(
                    router: router, server: http,
                    configuration: ApplicationConfiguration(
                        address: .hostname(String(parts[0]), port: port), serverName: "labelgated"),
                    onServerRunning: { channel in
                        logger.info("API listening", metadata: ["tcp": "\(channel.localAddress?.description ?? tcp)"])
                    },
                    logger: logger))
        }
        return services
    }

    /// File descriptors kept for everything but API connections (ledger and its journal, devices, printers, NFC,
    /// the event loops, the notify socket).
    public static let reservedDescriptors = 128

    /// Raises the soft RLIMIT_NOFILE to cover `max_connections` plus the reserve when the hard limit allows, and
    /// refuses to start when it does not: a connection cap the process cannot reach would fail as EMFILE instead.
    static func ensureDescriptors(forConnections connections: Int) throws(DaemonError) {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_RESOURCE, &limit) == 0 else { return }
        let needed = rlim_t(connections + reservedDescriptors)
        guard limit.rlim_cur < needed else { return }
        if limit.rlim_max >= needed {
            limit.rlim_cur = needed
            if setrlimit(RLIMIT_NOFILE_RESOURCE, &limit) == 0 { return }
        }
        throw DaemonError(
            .configuration,
            "max_connections = \(connections) needs \(needed) file descriptors; the limit is \(limit.rlim_max) "
                + "(LimitNOFILE= in the unit)")
    }

    /// The group ID for `name`, or nil when no group is configured.
    static func group(named name: String) throws(DaemonError) -> gid_t? {
        guard !name.isEmpty else { return nil }
        guard let entry = getgrnam(name) else {
            throw DaemonError(.socket, "socket_group \(name) does not exist")
        }
        return entry.pointee.gr_gid
    }

    /// Creates the socket's directory and removes a stale socket file (never another kind of file).
    static func prepareSocketDirectory(_ path: String) throws(DaemonError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw DaemonError(.socket, "cannot create the directory of \(path): \(error.localizedDescription)")
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFSOCK) else {
                throw DaemonError(.socket, "\(path) exists and is not a socket")
            }
            unlink(path)
        }
    }
}

extension LabelgateDaemon {
    /// Reads the configuration at `configPath` and builds the daemon, returning the typed error as a value (a
    /// typed-throws call inside an async `main` trips the Swift 6.3 optimizer).
    public static func buildResult(configPath: String, logger: Logger) -> Result<Built, DaemonError> {
        do {
            let configuration = try DaemonConfiguration(path: configPath)
            return .success(try build(configuration: configuration, logger: logger))
        } catch {
            return .failure(error)
        }
    }
}

/// PIN hashing for `labelgated hash-pin`.
public enum OperatorPIN {
    /// The stored form of `pin` (salted SHA-256).
    public static func hash(_ pin: String) -> String { OperatorCredential.hashPIN(pin) }
}
