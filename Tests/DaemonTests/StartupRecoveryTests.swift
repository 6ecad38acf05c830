import Daemon
import Foundation
import Gate
import LabelgateCore
import Ledger
import Testing

/// Start-up order through the real API on the Unix socket: nothing is decided before the step state is restored and
/// this gateway's interrupted print jobs are settled; only its own jobs of earlier runs are settled.
@Suite("Start-up recovery", .serialized)
struct StartupRecoveryTests {
    /// Waits (bounded) until `condition` holds.
    static func waitUntil(_ what: String, seconds: Int = 20, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw DaemonTestError("\(what) within \(seconds) s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func request(
        _ socket: String, _ method: String, _ path: String, role: APIRole, json: [String: Any] = [:]
    ) async throws -> DaemonConnection.Reply {
        let body = try JSONSerialization.data(withJSONObject: json)
        return try await onThread {
            let connection = try DaemonConnection(address: socket, timeoutSeconds: 30)
            return try connection.request(method, path, token: DaemonFixture.tokens[role], json: body)
        }
    }

    static func object(_ reply: DaemonConnection.Reply) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]) ?? [:]
    }

    @Test func answers503WithTheReasonUntilTheGatewayIsHeldAndRecoveredThenDecides() async throws {
        let fixture = try await DaemonFixture()
        let built = try LabelgateDaemon.build(
            configuration: fixture.configuration, store: fixture.ledger, logger: DaemonFixture.logger,
            environment: [:], signals: [])
        // Another process (here: the test) holds this daemon's gateway, as a second labelgated would.
        let blocker = try await fixture.ledger.holdGateway(built.core.printFence.gateway)
        let group = built.group
        let running = Task { try await group.run() }
        let socket = fixture.configuration.daemon.socket
        try await Self.waitUntil("the API bound and the steps restored") {
            built.core.readiness.up.isSuperset(of: [.api, .ledger, .steps])
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!built.core.readiness.up.contains(.recovery))

        let scan = try await Self.request(
            socket, "POST", "/v1/stations/dock-1/scans", role: .dock, json: ["text": "=x"])
        #expect(scan.status == 503)
        #expect(scan.headers["retry-after"] == "2")
        #expect(scan.errorCode == "api.unavailable")
        let body = Self.object(scan)
        #expect(body["detail"] as? String == "daemon.notReady")
        let waiting = try #require(body["waitingFor"] as? [String: String])
        #expect(Set(waiting.keys) == ["recovery"])
        #expect(waiting["recovery"]?.contains("held by another process") == true, "\(waiting)")
        let print = try await Self.request(socket, "POST", "/v1/print", role: .printStation, json: fixture.printBody)
        #expect(print.status == 503)
        let record = try await Self.request(socket, "GET", "/v1/records/\(fixture.record.coi.content)", role: .admin)
        #expect(record.status == 503)

        // Status says what is not ready; no audit row was written for the refused calls.
        let status = try await Self.request(socket, "GET", "/v1/status", role: .kiosk)
        #expect(status.status == 200)
        let view = Self.object(status)
        #expect(view["ready"] as? Bool == false)
        let notReady = try #require(view["notReady"] as? [String: String])
        #expect(notReady["recovery"]?.contains("held by another process") == true, "\(notReady)")
        #expect(try await fixture.ledger.auditRows(after: 0, limit: 100).allSatisfy { !$0.action.hasPrefix("scan") })
        #expect(try await Self.request(socket, "GET", "/v1/devices", role: .kiosk).status == 200)

        // The other holder goes away: the daemon takes the gateway by itself, recovers, and decides.
        await blocker.release()
        try await Self.waitUntil("ready after the gateway was released") { built.core.readiness.isReady }
        let decided = try await Self.request(
            socket, "POST", "/v1/stations/dock-1/scans", role: .dock, json: ["text": "=x"])
        #expect(decided.status == 200)
        #expect((Self.object(decided)["verdict"] as? [String: Any])?["outcome"] as? String == "refused")
        let ready = Self.object(try await Self.request(socket, "GET", "/v1/status", role: .kiosk))
        #expect(ready["ready"] as? Bool == true)
        #expect((ready["notReady"] as? [String: String])?.isEmpty == true)
        // While this daemon runs, nobody else can take its gateway.
        await #expect(throws: LedgerError.self) {
            _ = try await fixture.ledger.holdGateway(built.core.printFence.gateway)
        }
        try await shutDown(group, running: running)
        // Stopped, it gave the gateway up.
        let after = try await fixture.ledger.holdGateway(built.core.printFence.gateway)
        await after.release()
    }

    @Test func settlesOnlyItsOwnGatewaysJobsOfEarlierRunsAndAuditsEach() async throws {
        let fixture = try await DaemonFixture()
        let probe = try LabelgateDaemon.build(
            configuration: fixture.configuration, store: fixture.ledger, logger: DaemonFixture.logger,
            environment: [:], signals: [])
        let gateway = probe.core.printFence.gateway
        let ledger = fixture.ledger
        let clerk = Actor(.operator, "clerk")
        func issue(_ count: Int, gateway: String?, run: String) async throws -> [IssuedLabel] {
            let claim = try gateway.map {
                PrintJobClaim(printer: "spool", fence: try PrintFence(gateway: $0, incarnation: run))
            }
            let request = LabelRequest(
                coi: fixture.record.coi, din: fixture.record.dins[0], template: "bag@1", printJob: claim)
            return try await ledger.issueLabels(Array(repeating: request, count: count), by: clerk)
        }
        // An earlier run of this gateway crashed with one label issued, one rendered, one sent and written to the
        // spool, and one sent and lost; another gateway's job and an unfenced one are in flight.
        let crashed = try await issue(4, gateway: gateway, run: "crashed-run")
        _ = try await ledger.transitionLabels(
            crashed.dropFirst().map { LabelTransition($0.serial, to: .rendered, reason: "bag@1") }, by: clerk)
        try await ledger.markSent([crashed[2].serial, crashed[3].serial], printer: "spool", by: clerk)
        let spool = fixture.dir.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        for ext in ["png", "zpl"] {
            try Data("x".utf8).write(to: spool.appendingPathComponent("\(crashed[2].serial.text).\(ext)"))
        }
        try Data("half".utf8).write(to: spool.appendingPathComponent(".\(crashed[3].serial.text).png.tmp"))
        let otherGateway = try await issue(2, gateway: "another-gateway", run: "live")
        _ = try await ledger.transitionLabel(otherGateway[0].serial, to: .rendered, by: clerk, reason: "bag@1")
        try await ledger.markSent([otherGateway[0].serial], printer: "spool", by: clerk)
        let unfenced = try await issue(1, gateway: nil, run: "")

        let daemon = try await RunningDaemon(fixture)
        let states = try await crashed.asyncMap { try await ledger.label(serial: $0.serial)?.state }
        #expect(states == [.failed, .failed, .printed, .failed])
        #expect(
            !FileManager.default.fileExists(
                atPath: spool.appendingPathComponent(".\(crashed[3].serial.text).png.tmp").path))
        let untouched = try await (otherGateway + unfenced).asyncMap {
            try await ledger.label(serial: $0.serial)?.state
        }
        #expect(untouched == [.sent, .issued, .issued])
        let rows = try await ledger.auditRows(after: 0, limit: 500)
        for label in crashed {
            #expect(
                rows.contains {
                    $0.subject == label.serial.text && $0.actor == Actor.system.description
                        && ["label.failed", "label.printed"].contains($0.action)
                })
        }
        let summary = try #require(rows.last { $0.action == "print.recovered" })
        let details = try #require(
            try JSONSerialization.jsonObject(with: Data(summary.details.utf8)) as? [String: String])
        #expect(details["gateway"] == gateway && details["labels"] == "4" && details["failed"] == "3", "\(details)")
        #expect(details["incarnation"] == daemon.built.core.printFence.incarnation)
        #expect(try await ledger.verifyAuditChain().isIntact)

        // A job printed now carries this run's incarnation, so this run never settles it.
        let printed = try await Self.request(
            daemon.socket, "POST", "/v1/print", role: .printStation, json: fixture.printBody)
        #expect(printed.status == 200)
        let mine = try await ledger.interruptedPrintLabels(
            scope: .gateway(gateway, excluding: daemon.built.core.printFence.incarnation), limit: 10)
        #expect(mine.isEmpty)
        try await daemon.stopAndWait()
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
