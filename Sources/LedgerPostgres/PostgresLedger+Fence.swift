import Ledger
import Logging
import PostgresNIO
import Synchronization

extension PostgresLedger: GatewayFencing {
    public func interruptedPrintLabels(scope: PrintRecoveryScope, limit: Int) async throws(LedgerError)
        -> [IssuedLabel]
    {
        let limit = Int64(max(0, limit))
        let logger = self.logger
        return try await runner.read { connection in
            switch scope {
            case .gateway(let gateway, let excluding):
                return try await Self.loadLabels(
                    connection, logger: logger,
                    where: """
                        state IN ('issued', 'rendered', 'sent') AND serial IN (SELECT serial FROM print_jobs
                            WHERE gateway = \(gateway) AND incarnation <> \(excluding))
                        ORDER BY serial LIMIT \(limit)
                        """)
            case .unfenced:
                return try await Self.loadLabels(
                    connection, logger: logger,
                    where: """
                        state IN ('issued', 'rendered', 'sent') AND serial NOT IN (SELECT serial FROM print_jobs
                            WHERE gateway IS NOT NULL)
                        ORDER BY serial LIMIT \(limit)
                        """)
            }
        }
    }

    /// A session advisory lock on (`labelgate.gateway:<schema>`, `gateway`), on a dedicated connection kept open for
    /// the hold's life. The server drops it when the session ends (the daemon died, or the connection was lost):
    /// `isHeld` is then false, and the daemon refuses to print until it holds the gateway again.
    public func holdGateway(_ gateway: String) async throws(LedgerError) -> any GatewayHold {
        guard PrintFence.isAcceptable(gateway) else {
            throw LedgerError(.invalidInput, "the gateway must be 1 to 200 printable ASCII characters")
        }
        let connection = try await runner.pool.openDedicated()
        let namespace = "labelgate.gateway:\(configuration.schema)"
        let granted: Bool
        do {
            let rows = try await connection.query(
                "SELECT pg_try_advisory_lock(hashtext(\(namespace)), hashtext(\(gateway)))", logger: logger
            ).collect()
            granted = try rows.first.map { row throws(LedgerError) in try Columns(row).bool(0) } ?? false
        } catch {
            try? await connection.close()
            throw PostgresErrors.mapped(error, endpoint: configuration.endpoint)
        }
        guard granted else {
            try? await connection.close()
            throw LedgerError(.conflict, "gateway \(gateway) is held by another process on \(configuration.endpoint)")
        }
        return PostgresGatewayHold(gateway: gateway, connection: connection)
    }
}

/// A gateway held by a session advisory lock on its own connection.
final class PostgresGatewayHold: GatewayHold {
    let gateway: String
    private let connection: Mutex<PostgresConnection?>

    init(gateway: String, connection: PostgresConnection) {
        self.gateway = gateway
        self.connection = Mutex(connection)
    }

    var isHeld: Bool { connection.withLock { $0.map { !$0.isClosed } ?? false } }

    /// A round trip on the holding session: a session the server ended (terminated, restarted, a lost network) fails
    /// it, and the hold is then given up for good (`isHeld` false).
    func stillHeld() async -> Bool {
        guard let held = connection.withLock({ $0 }), !held.isClosed else { return false }
        do {
            _ = try await held.query("SELECT 1", logger: Self.quiet).collect()
            return true
        } catch {
            await release()
            return false
        }
    }

    private static let quiet = Logger(label: "labelgate.gateway-hold") { _ in SwiftLogNoOpLogHandler() }

    func release() async {
        let held = connection.withLock { connection in
            defer { connection = nil }
            return connection
        }
        // Closing the session releases its advisory locks.
        try? await held?.close()
    }

    deinit {
        // Never dropped open (PostgresNIO asserts a connection is closed before it goes away): close it now.
        if let held = connection.withLock({ $0 }) { Task { try? await held.close() } }
    }
}

extension PostgresLedgerConfiguration {
    /// Where the ledger lives, for a default gateway identity: `host:port/database/schema` (no user, no password).
    public var location: String { "\(host):\(port)/\(database)/\(schema)" }
}
