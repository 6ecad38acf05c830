import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Daemon

/// While the daemon does not hold its gateway (a PostgreSQL session lost, until it is taken again) it prints nothing:
/// the labels' jobs would be fenced to a gateway another process may be recovering.
@Suite struct GatewayHoldLossTests {
    @Test func printsAndReprintsAreRefusedWhileTheGatewayIsNotHeld() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        await core.gateway.take()?.release()
        try await fixture.application(core: core).test(.router) { client in
            try await client.execute(
                uri: "/v1/print", method: .post, headers: DaemonFixture.bearer(.printStation),
                body: DaemonFixture.json(fixture.printBody)
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.body.json["detail"] as? String == "daemon.gatewayNotHeld")
            }
        }
        #expect(try await fixture.ledger.labels(coi: fixture.record.coi).isEmpty, "a serial was issued")
    }
}
