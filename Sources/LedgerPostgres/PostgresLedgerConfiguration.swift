import Foundation
import Ledger
import PostgresNIO

/// Where and how to reach a PostgreSQL ledger, read from a URL:
/// `postgres://user:password@host:port/database?sslmode=verify-full&sslrootcert=/etc/labelgate/ca.pem&schema=labelgate`.
///
/// Query parameters: `sslmode` (`disable`, `allow`, `prefer` (default), `require`, `verify-ca`, `verify-full`, as in
/// libpq), `sslrootcert` (PEM file of trusted roots; default: the system's), `schema` (default `labelgate`),
/// `pool_size` (connections per gateway, default 8), `connect_timeout` (seconds, default 5), `statement_timeout`
/// (milliseconds, default 10000), `retry_interval` (milliseconds between reconnection attempts while the database
/// is down, default 250) and `application_name`. Unknown parameters are refused, so a typo never silently weakens TLS.
public struct PostgresLedgerConfiguration: Sendable, CustomStringConvertible {
    /// How to use TLS, with libpq's names.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP only.
        case disable
        /// TLS if the server offers it (treated as `prefer`).
        case allow
        /// TLS if the server offers it, without certificate checks.
        case prefer
        /// TLS required, without certificate checks (encryption only).
        case require
        /// TLS required; the certificate must chain to a trusted root.
        case verifyCA = "verify-ca"
        /// TLS required; the certificate must chain to a trusted root and name the host.
        case verifyFull = "verify-full"
    }

    /// Server host name or address.
    public var host: String
    /// Server port.
    public var port: Int
    /// Role to log in as.
    public var username: String
    /// Its password, if any.
    public var password: String?
    /// Database name.
    public var database: String
    /// TLS use.
    public var tlsMode: TLSMode
    /// PEM file of trusted root certificates for `verify-ca` and `verify-full`.
    public var rootCertificatePath: String?
    /// Schema that holds the ledger's tables (lower-case letters, digits and `_`).
    public var schema: String
    /// Most connections one gateway opens.
    public var poolSize: Int
    /// How long a connection attempt may take.
    public var connectTimeout: Duration
    /// Server-side limit on one statement (0: none).
    public var statementTimeoutMilliseconds: Int
    /// While the database is unreachable, calls fail at once with the last reason and a new connection is tried at
    /// most this often.
    public var retryInterval: Duration
    /// `application_name` shown in `pg_stat_activity`.
    public var applicationName: String

    /// Parses a `postgres://` or `postgresql://` URL.
    public init(url text: String) throws(LedgerError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else { throw LedgerError(.invalidInput, "a PostgreSQL ledger URL starts with postgres://") }
        guard let host = components.host, !host.isEmpty else {
            throw LedgerError(.invalidInput, "the PostgreSQL URL names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw LedgerError(.invalidInput, "the PostgreSQL URL names no user")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw LedgerError(.invalidInput, "the PostgreSQL URL names no database (postgres://user@host/database)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user
        self.password = components.password
        self.database = database
        self.tlsMode = .prefer
        self.schema = "labelgate"
        self.poolSize = 8
        self.connectTimeout = .seconds(5)
        self.statementTimeoutMilliseconds = 10_000
        self.retryInterval = .milliseconds(250)
        self.applicationName = "labelgate"
        for item in components.queryItems ?? [] {
            try apply(item.name, item.value ?? "")
        }
    }

    private mutating func apply(_ name: String, _ value: String) throws(LedgerError) {
        func number(_ range: ClosedRange<Int>) throws(LedgerError) -> Int {
            guard let number = Int(value), range.contains(number) else {
                throw LedgerError(.invalidInput, "\(name) must be a whole number in \(range)")
            }
            return number
        }
        switch name {
        case "sslmode":
            guard let mode = TLSMode(rawValue: value) else {
                throw LedgerError(
                    .invalidInput, "sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            tlsMode = mode
        case "sslrootcert": rootCertificatePath = value
        case "schema":
            guard Self.isSafeIdentifier(value) else {
                throw LedgerError(.invalidInput, "schema must be 1 to 40 lower-case letters, digits or _, not starting with a digit")
            }
            schema = value
        case "pool_size": poolSize = try number(1...200)
        case "connect_timeout": connectTimeout = .seconds(try number(1...300))
        case "statement_timeout": statementTimeoutMilliseconds = try number(0...3_600_000)
        case "retry_interval": retryInterval = .milliseconds(try number(10...60_000))
        case "application_name": applicationName = value
        default: throw LedgerError(.invalidInput, "unknown PostgreSQL URL parameter \(name)")
        }
    }

    /// True for names that can be used as SQL identifiers without quoting issues.
    static func isSafeIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(0x30...0x39).contains(first), name.utf8.count <= 40 else { return false }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tlsMode.rawValue)&schema=\(schema)"
    }

    /// `host:port`, for messages.
    var endpoint: String { "\(host):\(port)" }

    /// The LISTEN/NOTIFY channel of this ledger's schema.
    var eventChannel: String { "labelgate_events_\(schema)" }

    /// The connection settings PostgresNIO needs.
    func connectionConfiguration() throws(LedgerError) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try tls())
        configuration.options.connectTimeout = .nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000)
        configuration.options.additionalStartupParameters = [
            ("search_path", schema),
            ("application_name", applicationName),
            ("statement_timeout", String(statementTimeoutMilliseconds)),
            ("TimeZone", "UTC"),
        ]
        return configuration
    }

    private func tls() throws(LedgerError) -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable: return .disable
        case .allow, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let rootCertificatePath { tls.trustRoots = .file(rootCertificatePath) }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw LedgerError(.invalidInput, "the TLS settings cannot be used: \(error)")
        }
        switch tlsMode {
        case .allow, .prefer: return .prefer(context)
        default: return .require(context)
        }
    }
}
