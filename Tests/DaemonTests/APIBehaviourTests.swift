import Daemon
import Foundation
import Gate
import Hummingbird
import HummingbirdTesting
import LabelgateCore
import Testing

@Suite("API behaviour")
struct APIBehaviourTests {
    /// Prints one label through the API and returns its payload.
    static func printLabel(_ client: some TestClientProtocol, _ fixture: DaemonFixture) async throws -> [String: Any] {
        try await client.execute(
            uri: "/v1/print", method: .post, headers: DaemonFixture.bearer(.printStation),
            body: DaemonFixture.json(fixture.printBody)
        ) { response in
            #expect(response.status == .ok)
            let labels = response.body.jsonArray
            #expect(labels.count == 1)
            #expect(labels.first?["state"] as? String == "printed")
            return labels.first ?? [:]
        }
    }

    static func scanBody(_ payload: String) -> [String: Any] {
        // The ISBT profile's payload starts with its AIM identifier's data structure; the gate parses it whole.
        ["text": payload]
    }

    @Test func printsThroughTheGateThenAcceptsTheLabelAndRefusesATamperedOne() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        try await fixture.application(core: core).test(.router) { client in
            let label = try await Self.printLabel(client, fixture)
            let payload = try #require(label["payload"] as? String)
            let spooled = try #require(label["location"] as? String)
            #expect(FileManager.default.fileExists(atPath: spooled))
            try await client.execute(
                uri: "/v1/stations/dock-1/scans", method: .post, headers: DaemonFixture.bearer(.dock),
                body: DaemonFixture.json(Self.scanBody(payload))
            ) { response in
                let verdict = response.body.json["verdict"] as? [String: Any]
                #expect(verdict?["outcome"] as? String == "accepted")
                #expect(verdict?["auditSequence"] != nil)
            }
            let tampered = String(payload.dropLast()) + (payload.hasSuffix("A") ? "B" : "A")
            try await client.execute(
                uri: "/v1/stations/dock-1/scans", method: .post, headers: DaemonFixture.bearer(.dock),
                body: DaemonFixture.json(Self.scanBody(tampered))
            ) { response in
                let verdict = response.body.json["verdict"] as? [String: Any]
                #expect(verdict?["outcome"] as? String == "refused")
                #expect(verdict?["reason"] != nil)
            }
        }
        let metrics = core.metrics.exposition()
        #expect(metrics.contains("labelgate_verdicts_total{outcome=\"accepted\",reason=\"none\",station=\"dock-1\"} 1"))
        #expect(metrics.contains("outcome=\"refused\""))
        #expect(metrics.contains("labelgate_scan_latency_seconds_count"))
        #expect(metrics.contains("# HELP labelgate_verdicts_total Audited verdicts by outcome, refusal reason and station"))
    }

    @Test func refusesAPrintWithAStaleFingerprint() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        var stale = fixture.printBody
        stale["fingerprint"] = String(repeating: "A", count: fixture.fingerprint.count)
        let body = DaemonFixture.json(stale)
        try await fixture.application(core: core).test(.router) { client in
            try await client.execute(
                uri: "/v1/print", method: .post, headers: DaemonFixture.bearer(.printStation),
                body: body
            ) { response in
                #expect(response.status == .unprocessableContent || response.status == .badRequest)
            }
        }
        #expect(try await fixture.ledger.labels(coi: fixture.record.coi).isEmpty)
    }

    @Test func answersMalformedAndOversizedBodiesWithTypedErrors() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        try await fixture.application(core: core).test(.router) { client in
            for body in ["{not json", "[]", #"{"text": 5}"#, #"{"text":"a","base64":"YQ=="}"#] {
                try await client.execute(
                    uri: "/v1/stations/dock-1/scans", method: .post, headers: DaemonFixture.bearer(.dock),
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(response.body.json["error"] as? String == "api.malformed")
                }
            }
            let huge = "{\"text\":\"" + String(repeating: "x", count: 10_000) + "\"}"
            try await client.execute(
                uri: "/v1/stations/dock-1/scans", method: .post, headers: DaemonFixture.bearer(.dock),
                body: ByteBuffer(string: huge)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.body.json["error"] as? String == "api.tooLarge")
            }
            try await client.execute(
                uri: "/v1/stations/nowhere/scans", method: .post, headers: DaemonFixture.bearer(.dock),
                body: DaemonFixture.json(["text": "x"])
            ) { response in
                #expect(response.status == .notFound)
            }
        }
        // None of it reached the audit trail as a verdict, and the gate still answers.
        let rows = try await fixture.ledger.auditRows(after: 0, limit: 1000)
        #expect(!rows.contains { $0.action.hasPrefix("verdict.") })
    }

    @Test func reprintNeedsTwoDistinctOperators() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        try await fixture.application(core: core).test(.router) { client in
            let label = try await Self.printLabel(client, fixture)
            let serial = try #require(label["serial"] as? String)
            func reprint(_ signatures: [SignatureInput]) async throws -> (HTTPResponse.Status, [String: Any]) {
                let body: [String: Any] = [
                    "station": "print-1", "serial": serial, "reason": "label smudged",
                    "signatures": signatures.map { ["badge": $0.badge, "pin": $0.pin] },
                ]
                return try await client.execute(
                    uri: "/v1/reprints", method: .post, headers: DaemonFixture.bearer(.printStation),
                    body: DaemonFixture.json(body)
                ) { ($0.status, $0.body.json) }
            }
            let one = try await reprint([DaemonFixture.alice])
            #expect(one.0 == .unprocessableContent && one.1["detail"] as? String == "workflow.signaturesMissing")
            let same = try await reprint([DaemonFixture.alice, DaemonFixture.alice])
            #expect(same.0 == .unprocessableContent && same.1["detail"] as? String == "workflow.sameOperator")
            let badPIN = try await reprint([DaemonFixture.alice, SignatureInput(badge: "B2", pin: "0000")])
            #expect(badPIN.1["detail"] as? String == "workflow.badCredentials")
            #expect(try await fixture.ledger.labels(coi: fixture.record.coi).count == 1)
            let two = try await reprint([DaemonFixture.alice, DaemonFixture.bob])
            #expect(two.0 == .created)
            let step = try #require(two.1["step"] as? [String: Any])
            let signatures = try #require(step["signatures"] as? [[String: Any]])
            #expect(signatures.map { $0["name"] as? String } == ["Alice Example", "Bob Example"])
            #expect((two.1["labels"] as? [[String: Any]])?.first?["state"] as? String == "printed")
        }
        let labels = try await fixture.ledger.labels(coi: fixture.record.coi)
        #expect(labels.count == 2)
        // Gate.reprint: the original is voided and the new label is recorded as its reprint.
        #expect(labels.first?.state == .voided)
        #expect(labels.last?.reprintOf == labels.first?.serial)
    }

    @Test func bedsideMatchFollowsCollectionAndReceiptAndRefusesAnotherPatientsWristband() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        let two = [DaemonFixture.alice, DaemonFixture.bob].map { ["badge": $0.badge, "pin": $0.pin] }
        try await fixture.application(core: core).test(.router) { client in
            let payload = try #require(try await Self.printLabel(client, fixture)["payload"] as? String)
            let din = fixture.record.dins[0].identifier
            func bedside(_ wristband: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(
                    uri: "/v1/stations/bed-1/bedside-match", method: .post, headers: DaemonFixture.bearer(.dock),
                    body: DaemonFixture.json(["wristband": wristband, "bag": payload, "signatures": two])
                ) { ($0.status, $0.body.json) }
            }
            let early = try await bedside(fixture.record.coi.content)
            #expect(early.0 == .conflict && early.1["detail"] as? String == "workflow.outOfOrder")
            for step in ["collectionLabeling", "receipt"] {
                try await client.execute(
                    uri: "/v1/steps", method: .post, headers: DaemonFixture.bearer(.dock),
                    body: DaemonFixture.json(["step": step, "subject": din, "station": "dock-1", "signatures": two])
                ) { #expect($0.status == .created, "\(step)") }
            }
            let wrong = try await bedside("CHA999926ZZ99ZZ")
            #expect(wrong.0 == .unprocessableContent && wrong.1["detail"] as? String == "workflow.bedsideMismatch")
            let right = try await bedside(fixture.record.coi.dataStructure)
            #expect(right.0 == .ok)
            #expect((right.1["match"] as? [String: Any])?["matched"] as? Bool == true)
        }
    }

    @Test func flagsAnUnexpectedBagAndAShipmentClosedWithBagsMissing() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        try await fixture.application(core: core).test(.router) { client in
            let payload = try #require(try await Self.printLabel(client, fixture)["payload"] as? String)
            try await client.execute(
                uri: "/v1/stations/dock-1/manifest", method: .post, headers: DaemonFixture.bearer(.dock),
                body: DaemonFixture.json(["shipment": "SHIP-9", "dins": ["A999926000002"]])
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/v1/stations/dock-1/scans", method: .post, headers: DaemonFixture.bearer(.dock),
                body: DaemonFixture.json(["text": payload])
            ) { #expect($0.body.json["manifest"] as? String == "unexpected") }
            try await client.execute(
                uri: "/v1/stations/dock-1/manifest", method: .delete, headers: DaemonFixture.bearer(.dock)
            ) { response in
                // The expected bag never arrived: closed with it expected and nothing received.
                #expect((response.body.json["expected"] as? [String]) == ["A999926000002"])
                #expect((response.body.json["received"] as? [String]) == [])
                #expect(response.body.json["closed"] as? Bool == true)
                #expect((response.body.json["unexpected"] as? [String]) == ["A999926000001"])
            }
        }
        let actions = try await fixture.ledger.auditRows(after: 0, limit: 1000).map(\.action)
        #expect(actions.contains("manifest.unexpectedBag") && actions.contains("manifest.closedIncomplete"))
    }
}

@Suite("Event stream")
struct EventStreamTests {
    @Test func closesASubscriberThatDoesNotReadWithoutSlowingThePublisher() async throws {
        let bus = EventBus(capacity: 8)
        let stalled = bus.subscribe()
        let reader = bus.subscribe()
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<10_000 { bus.publish(DaemonEvent(type: .scan, station: "s", state: "\(index)")) }
        #expect(clock.now - start < .seconds(2))
        #expect(bus.droppedSubscribers == 2)
        #expect(bus.subscriberCount == 0)
        var buffered = 0
        for await _ in stalled { buffered += 1 }
        #expect(buffered == 8)
        _ = reader
    }

    @Test func deliversVerdictsToAClientOverTheRealSocket() async throws {
        let fixture = try await DaemonFixture()
        let daemon = try await RunningDaemon(fixture)
        let socket = daemon.socket
        let watcher = Task { try await onThread { () -> [String] in
            let connection = try DaemonConnection(address: socket, timeoutSeconds: 30)
            var types: [String] = []
            _ = try connection.events(token: DaemonFixture.tokens[.kiosk]) { data in
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
                types.append(object?["type"] as? String ?? "?")
                return object?["type"] as? String != "verdict"
            }
            return types
        } }
        while daemon.built.core.bus.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let reply = try await onThread {
            try DaemonConnection(address: socket, timeoutSeconds: 30).request(
                "POST", "/v1/stations/dock-1/scans", token: DaemonFixture.tokens[.dock],
                json: Data(#"{"text":"garbage"}"#.utf8))
        }
        #expect(reply.status == 200)
        let types = try await watcher.value
        #expect(types.suffix(2) == ["scan", "verdict"])
        try await daemon.stopAndWait()
    }

    /// Found by scripts/api-fuzz: a step whose subject held `\u0000` was audited, SQLite stored the subject cut at
    /// the NUL, and `audit verify` then reported the row altered. Now such a body is malformed before anything is
    /// decided, on every endpoint, and the trail stays intact.
    @Test func aNulEscapeInAnyBodyIsMalformedAndTheTrailStaysIntact() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        let before = try await fixture.ledger.verifyAuditChain().rowsChecked
        let bodies: [(String, String, APIRole)] = [
            ("/v1/steps", #"{"step":"collectionLabeling","subject":"a\u0000b","station":"print-1","signatures":[]}"#,
             .printStation),
            ("/v1/stations/dock-1/scans", #"{"text":"=A9999\u0000"}"#, .dock),
            ("/v1/stations/dock-1/manifest", #"{"shipment":"s\u0000","dins":[]}"#, .dock),
            ("/v1/reprints", #"{"station":"print-1","serial":"1","reason":"\u0000","signatures":[]}"#, .printStation),
        ]
        try await fixture.application(core: core).test(.router) { client in
            for (uri, body, role) in bodies {
                try await client.execute(
                    uri: uri, method: .post, headers: DaemonFixture.bearer(role), body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(response.body.json["error"] as? String == "api.malformed", "\(uri)")
                }
            }
            // An escaped backslash followed by u0000 is text, not a NUL: decided (and refused) as usual.
            try await client.execute(
                uri: "/v1/steps", method: .post, headers: DaemonFixture.bearer(.printStation),
                body: ByteBuffer(
                    string: #"{"step":"collectionLabeling","subject":"a\\u0000","station":"print-1","signatures":[]}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
        let report = try await fixture.ledger.verifyAuditChain()
        #expect(report.isIntact)
        #expect(report.rowsChecked == before + 1)  // only the decided (refused) step
    }
}
