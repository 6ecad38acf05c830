import Ledger
import Testing

@testable import LedgerPostgres

/// A gateway on the shared ledger is held by one session at a time (a session advisory lock): another gateway
/// process cannot take it, and when the holder's session ends (here: terminated by the server) the hold says it is
/// lost and another process can take it.
@Suite(.enabled(if: PostgresTestEnvironment.enabled, "no PostgreSQL server configured"))
struct PostgresGatewayHoldTests {
    @Test func aGatewayIsHeldBySessionAndFreedWhenTheSessionEnds() async throws {
        let schema = try await TestSchema.make()
        // The first gateway logs in as the owner role, which may end its own sessions (the app role's it may not).
        let first = schema.owner
        let second = try schema.gateway()
        let held = try await first.holdGateway("gw-x")
        #expect(held.isHeld)
        await #expect(throws: LedgerError.self) { _ = try await second.holdGateway("gw-x") }
        let other = try await second.holdGateway("gw-y")
        #expect(other.isHeld)

        // The server ends the holding session (as a lost network or a restarted server would).
        try await execute(
            """
            SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2
                AND classid::bigint = (hashtext('labelgate.gateway:\(schema.name)')::bigint & 4294967295)
                AND objid::bigint = (hashtext('gw-x')::bigint & 4294967295)
            """, url: schema.adminURL)
        #expect(await !held.stillHeld(), "the hold did not notice its session ended")
        #expect(!held.isHeld)
        let taken = try await second.holdGateway("gw-x")
        #expect(taken.isHeld)
        #expect(other.isHeld, "terminating one gateway's session touched another's")

        await taken.release()
        await other.release()
        await held.release()
        await second.close()
        await schema.drop()
    }
}
