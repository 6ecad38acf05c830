import Foundation
import Ledger
import Logging
import PostgresNIO
import Testing

@testable import LedgerPostgres

/// The servers scripts/services/postgres.sh started. Tests that need one are skipped when none is configured,
/// unless `LABELGATE_REQUIRE_POSTGRES=1` (CI), where a missing server fails them instead.
enum PostgresTestEnvironment {
    static let variables = ProcessInfo.processInfo.environment

    /// Run the PostgreSQL tests: a server is configured, or one is required (and its absence must fail).
    static var enabled: Bool { variables["LABELGATE_TEST_POSTGRES_URL"] != nil || required }
    static var required: Bool { variables["LABELGATE_REQUIRE_POSTGRES"] == "1" }

    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String {
            "\(name) is not set: run the tests through scripts/test (scripts/services/postgres.sh starts PostgreSQL)"
        }
    }

    static func value(_ name: String) throws -> String {
        guard let value = variables[name], !value.isEmpty else { throw Missing(name: name) }
        return value
    }

    /// App and owner URLs of the main cluster.
    static func main() throws -> (app: String, admin: String) {
        (try value("LABELGATE_TEST_POSTGRES_URL"), try value("LABELGATE_TEST_POSTGRES_ADMIN_URL"))
    }

    /// App and owner URLs of the cluster that the restart test may stop, and its stop and start commands.
    static func restartable() throws -> (app: String, admin: String, stop: String, start: String) {
        (
            try value("LABELGATE_TEST_POSTGRES_RESTART_URL"), try value("LABELGATE_TEST_POSTGRES_RESTART_ADMIN_URL"),
            try value("LABELGATE_TEST_POSTGRES_RESTART_STOP"), try value("LABELGATE_TEST_POSTGRES_RESTART_START")
        )
    }
}

let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// A throwaway schema, created and migrated by the owner role and granted to the app role.
struct TestSchema {
    let name: String
    let appURL: String
    let adminURL: String
    let owner: PostgresLedger

    static func make(app: String, admin: String, prefix: String = "t") async throws -> TestSchema {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let owner = try PostgresLedger(url: with(admin, "schema=\(name)"), logger: quietLogger)
        try await owner.migrate(grantingTo: "labelgate_app")
        return TestSchema(name: name, appURL: with(app, "schema=\(name)"), adminURL: with(admin, "schema=\(name)"), owner: owner)
    }

    static func make(prefix: String = "t") async throws -> TestSchema {
        let urls = try PostgresTestEnvironment.main()
        return try await make(app: urls.app, admin: urls.admin, prefix: prefix)
    }

    /// A gateway: a ledger of its own, logged in as the app role.
    func gateway(_ parameters: String = "") throws -> PostgresLedger {
        try PostgresLedger(url: parameters.isEmpty ? appURL : Self.with(appURL, parameters), logger: quietLogger)
    }

    func drop() async {
        try? await owner.dropSchema()
        await owner.close()
    }

    static func with(_ url: String, _ parameters: String) -> String {
        url + (url.contains("?") ? "&" : "?") + parameters
    }
}

/// Runs one SQL statement on its own connection to `url` (search_path = the URL's schema).
func execute(_ sql: String, url: String) async throws {
    let configuration = try PostgresLedgerConfiguration(url: url)
    let connection = try await PostgresConnection.connect(
        configuration: try configuration.connectionConfiguration(), id: 1, logger: quietLogger)
    do {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quietLogger)
    } catch {
        try? await connection.close()
        throw error
    }
    try await connection.close()
}

/// The SQLSTATE and message PostgreSQL answered `sql` with, or nil when it succeeded.
func refusal(_ sql: String, url: String) async throws -> (state: String, message: String)? {
    do {
        try await execute(sql, url: url)
        return nil
    } catch let error as PSQLError {
        guard let info = error.serverInfo else { throw error }
        return (info[.sqlState] ?? "", info[.message] ?? "")
    }
}

/// Runs a shell command on a thread of its own (never a cooperative one) and returns its exit status.
///
/// posix_spawn and waitpid, not Foundation's Process: `pg_ctl start` leaves a daemon behind, and Process waits until
/// every inherited descriptor is closed. The command gets no descriptor beyond 0-2, so the daemon keeps none of ours
/// (not even our connections to the server).
func shell(_ command: String) async throws -> Int32 {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
        Thread.detachNewThread {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            // python3 closes every descriptor above 2 (Swift cannot see posix_spawn_file_actions_addclosefrom_np).
            let closeAndRun = "import os, sys; os.closerange(3, 65536); os.execv('/bin/sh', ['sh', '-c', sys.argv[1]])"
            let arguments: [UnsafeMutablePointer<CChar>?] = ["python3", "-c", closeAndRun, command].map {
                (text: String) in strdup(text)
            }
            defer { arguments.forEach { free($0) } }
            var argv = arguments + [nil]
            var pid: pid_t = 0
            let spawned = posix_spawnp(&pid, "python3", &actions, nil, &argv, environ)
            guard spawned == 0 else {
                continuation.resume(throwing: POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL))
                return
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            continuation.resume(returning: (status >> 8) & 0xFF)
        }
    }
}

/// Fails when `body` takes longer than `seconds`.
func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TimedOut(seconds: seconds)
        }
        return value
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var seconds: Double
    var description: String { "did not finish within \(seconds) s" }
}
