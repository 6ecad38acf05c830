import Foundation
import Gate
import Hummingbird
import LabelgateCore
import Ledger

/// The daemon's HTTP API (JSON; see `docs/api.yaml`). Build the router with `DaemonAPI(core:).router()`.
public struct DaemonAPI: Sendable {
    let core: DaemonCore

    /// Creates the API over `core`.
    public init(core: DaemonCore) {
        self.core = core
    }

    static let everyone: Set<APIRole> = Set(APIRole.allCases)

    /// Every endpoint, with the roles that may call it.
    public var endpoints: [APIEndpoint] {
        [
            APIEndpoint(.get, "/v1/status", roles: Self.everyone) { _, _, _ in try await status() },
            APIEndpoint(.get, "/v1/devices", roles: Self.everyone) { _, _, _ in try json(core.devices.all) },
            APIEndpoint(.get, "/v1/events", roles: Self.everyone) { _, _, _ in events() },
            APIEndpoint(.get, "/v1/records/:coi", roles: [.printStation, .admin]) { _, context, _ in
                try await record(context.parameters.require("coi"))
            },
            APIEndpoint(.post, "/v1/print", roles: [.printStation, .admin]) { request, _, holder in
                try await print(request, holder: holder)
            },
            APIEndpoint(.post, "/v1/stations/:station/scans", roles: [.dock, .printStation, .admin]) {
                request, context, holder in
                try await scan(request, station: context.parameters.require("station"), holder: holder)
            },
            APIEndpoint(.post, "/v1/stations/:station/bedside-match", roles: [.dock, .admin]) {
                request, context, holder in
                try await bedside(request, station: context.parameters.require("station"), holder: holder)
            },
            APIEndpoint(.post, "/v1/stations/:station/manifest", roles: [.dock, .admin]) {
                request, context, holder in
                try await openManifest(request, station: context.parameters.require("station"), holder: holder)
            },
            APIEndpoint(.delete, "/v1/stations/:station/manifest", roles: [.dock, .admin]) {
                _, context, holder in
                try await closeManifest(station: context.parameters.require("station"), holder: holder)
            },
            APIEndpoint(.post, "/v1/steps", roles: [.printStation, .dock, .admin]) { request, _, _ in
                try await step(request)
            },
            APIEndpoint(.post, "/v1/reprints", roles: [.printStation, .admin]) { request, _, _ in
                try await reprint(request)
            },
            APIEndpoint(.get, "/metrics", roles: [.admin]) { _, _, _ in
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; version=0.0.4"
                return Response(
                    status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: core.metrics.exposition())))
            },
        ]
    }

    /// The router: every endpoint behind the token check, plus the kiosk page (static, no data, no token).
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ReadinessMiddleware(readiness: core.readiness))
        let tokens = core.tokens
        for endpoint in endpoints {
            let roles = endpoint.roles
            let handler = endpoint.handler
            router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context -> Response in
                let holder = try tokens.authorize(request, roles: roles)
                return try await handler(request, context, holder)
            }
        }
        KioskPage.register(on: router)
        return router
    }

    // MARK: handlers

    private func status() async throws -> Response {
        var stations: [StatusView.StationView] = []
        for settings in core.configuration.stations {
            let shipment = await core.manifests.current(at: settings.id)
            stations.append(
                StatusView.StationView(
                    id: settings.id, role: settings.role.rawValue, title: settings.title, printer: settings.printer,
                    lastVerdict: core.lastVerdict(at: settings.id),
                    nextStep: NextStep.describe(settings, last: core.lastVerdict(at: settings.id), shipment: shipment),
                    shipment: shipment))
        }
        let view = StatusView(
            service: "labelgated", ready: core.readiness.isReady,
            components: core.readiness.up.map(\.rawValue).sorted(),
            notReady: Dictionary(uniqueKeysWithValues: core.readiness.notReady.map { ($0.key.rawValue, $0.value) }),
            uptimeSeconds: Int(Date().timeIntervalSince(core.startedAt)), stations: stations,
            eventClients: core.bus.subscriberCount, droppedEventClients: core.bus.droppedSubscribers)
        return try json(view)
    }

    /// The event stream (SSE). Heartbeats are comments; a client that stops reading is closed by the connection's
    /// `StalledWriteGuard`, or by the bus when its buffer fills, and its subscription is freed either way.
    private func events() -> Response {
        let stream = core.bus.subscribeWithHeartbeats()
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": labelgated events\n\n"))
                let encoder = JSONEncoder.api
                for await item in stream {
                    guard case .event(let event) = item else {
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        continue
                    }
                    let data = try encoder.encode(event)
                    var buffer = ByteBuffer(string: "event: \(event.type.rawValue)\ndata: ")
                    buffer.writeBytes(data)
                    buffer.writeString("\n\n")
                    try await writer.write(buffer)
                }
                try await writer.finish(nil)
            })
    }

    private func record(_ coi: String) async throws -> Response {
        let id: ChainOfIdentityID
        do {
            id = try ChainOfIdentityID(content: coi)
        } catch {
            throw APIError(.malformed, "not a COI identifier: \(error.reason)")
        }
        let found: COIRecord?
        do {
            found = try await core.gate.store.record(coi: id)
        } catch {
            throw APIError(.unavailable, "the ledger did not answer", detail: error.code.rawValue)
        }
        guard let found else { throw APIError(.notFound, "no record \(coi)") }
        let fingerprint: IdentityHash
        do {
            fingerprint = try RecordFingerprint.compute(for: found)
        } catch {
            throw APIError(.unavailable, "the record is not valid", detail: error.code.rawValue)
        }
        return try json(
            RecordView(
                coi: found.coi.content, productCode: found.productCode.content, dins: found.dins.map(\.identifier),
                revision: found.revision, fingerprint: fingerprint.text))
    }

    private func print(_ request: Request, holder: TokenStore.Holder) async throws -> Response {
        let body = try await decode(PrintBody.self, from: request)
        let station = try core.station(body.station)
        let (coi, din, fingerprint) = try await printTarget(body)
        let printRequest = PrintRequest(
            coi: coi, din: din, recordFingerprint: fingerprint, profile: body.profile ?? .isbt,
            template: body.template ?? "bag", copies: body.copies ?? 1, batch: body.batch)
        let actor = body.operator.map { Actor(.operator, $0) } ?? Actor(.station, holder.name)
        let labels = try await core.print(printRequest, at: station, by: actor)
        return try json(labels.map(PrintedLabelView.init), status: labels.allSatisfy { $0.state == .printed } ? .ok : HTTPResponse.Status(code: 207))
    }

    private func printTarget(_ body: PrintBody) async throws -> (ChainOfIdentityID, DIN, IdentityHash) {
        guard (1...100).contains(body.copies ?? 1) else { throw APIError(.malformed, "copies must be 1 to 100") }
        let coi: ChainOfIdentityID
        let fingerprint: IdentityHash
        let flags: DINFlags
        do {
            coi = try ChainOfIdentityID(content: body.record)
            fingerprint = try IdentityHash(text: body.fingerprint)
            flags = try DINFlags(encoded: body.flags ?? "00")
        } catch {
            throw APIError(.malformed, "record, fingerprint or flags not valid: \(error)")
        }
        let found: COIRecord?
        do {
            found = try await core.gate.store.record(coi: coi)
        } catch {
            throw APIError(.unavailable, "the ledger did not answer", detail: error.code.rawValue)
        }
        // The DIN only selects the bag; the gate re-reads the record and checks the fingerprint itself.
        guard let found, let bag = body.din.map({ found.din(identifier: $0) }) ?? found.dins.first else {
            throw APIError(.notFound, "no record \(body.record) with that DIN")
        }
        return (coi, bag.with(flags: flags), fingerprint)
    }

    private func scan(_ request: Request, station id: String, holder: TokenStore.Holder) async throws -> Response {
        let station = try core.station(id)
        let body = try await collect(request)
        // The common flat body is read directly; anything else goes through JSONDecoder and its precise errors.
        let scanBody = try body.withUnsafeReadableBytes(ScanBodyParser.parse) ?? decode(ScanBody.self, from: body)
        let scan = try scanBody.scan()
        let outcome = await core.submitScan(scan, at: station.station, by: Actor(.station, holder.name))
        return jsonResponse(outcome.json)
    }

    private func bedside(_ request: Request, station id: String, holder: TokenStore.Holder) async throws -> Response {
        let station = try core.station(id)
        guard station.role == .bedside else { throw APIError(.conflict, "station \(id) is not a bedside station") }
        let body = try await decode(BedsideBody.self, from: request)
        let wristband = Scan(text: body.wristband)
        let bag = Scan(text: body.bag, aimIdentifier: body.aim)
        let gate = core.gate
        let actor = Actor(.station, holder.name)
        let result = await stepResult(.bedsideMatch, subject: try bagSubject(bag), station: id, signatures: body.signatures) {
            try await gate.bedsideMatch(wristband: wristband, bag: bag, at: station.station, by: actor)
        }
        switch result {
        case .success(let (step, match)):
            _ = await core.publish(match.verdict, latency: nil, device: "bedside", scanLength: nil)
            core.bus.publish(DaemonEvent(type: .step, station: id, state: "bedsideMatch", message: "Bedside match confirmed"))
            return try json(BedsideResponse(match: match, step: step))
        case .failure(let error):
            core.bus.publish(DaemonEvent(type: .step, station: id, state: "refused", message: error.reason))
            throw error
        }
    }

    /// The subject of a bag's steps: the DIN its label names (parsed only; the gate decides in the match itself).
    private func bagSubject(_ scan: Scan) throws(APIError) -> String {
        do {
            return try ScanParser(format: .standard).parse(scan).label.din.identifier
        } catch {
            throw APIError(.refused, "the bag label cannot be read", detail: error.code.rawValue)
        }
    }

    private func openManifest(_ request: Request, station id: String, holder: TokenStore.Holder) async throws -> Response {
        let station = try core.station(id)
        guard station.role == .receivingDock else { throw APIError(.conflict, "station \(id) is not a receiving dock") }
        let body = try await decode(ManifestBody.self, from: request)
        let status: ShipmentStatus
        do throws(WorkflowError) {
            status = try await core.manifests.open(
                shipment: body.shipment, station: id, expectedDINs: body.dins, by: Actor(.station, holder.name))
        } catch {
            throw APIError.from(error)
        }
        return try json(status, status: .created)
    }

    private func closeManifest(station id: String, holder: TokenStore.Holder) async throws -> Response {
        _ = try core.station(id)
        let status: ShipmentStatus
        do throws(WorkflowError) {
            status = try await core.manifests.close(at: id, by: Actor(.station, holder.name))
        } catch {
            throw APIError.from(error)
        }
        if !status.missing.isEmpty || !status.unexpected.isEmpty {
            core.bus.publish(
                DaemonEvent(
                    type: .manifest, station: id, state: "closedIncomplete",
                    message: "\(status.missing.count) bag(s) missing, \(status.unexpected.count) unexpected"))
        }
        return try json(status)
    }

    private func step(_ request: Request) async throws -> Response {
        let body = try await decode(StepBody.self, from: request)
        _ = try core.station(body.station)
        guard body.step == .collectionLabeling || body.step == .receipt else {
            throw APIError(.malformed, "\(body.step.rawValue) has its own endpoint (bedside-match, reprints)")
        }
        let result = await stepResult(body.step, subject: body.subject, station: body.station, signatures: body.signatures) {}
        switch result {
        case .success(let (step, _)):
            core.bus.publish(DaemonEvent(type: .step, station: body.station, state: body.step.rawValue, message: "Signed by two operators"))
            return try json(step, status: .created)
        case .failure(let error):
            core.bus.publish(DaemonEvent(type: .step, station: body.station, state: "refused", message: error.reason))
            throw error
        }
    }

    private func reprint(_ request: Request) async throws -> Response {
        let body = try await decode(ReprintBody.self, from: request)
        let station = try core.station(body.station)
        guard let serial = LabelSerial(text: body.serial) else { throw APIError(.malformed, "not a label serial") }
        let (printer, renderer) = try core.printer(for: station)
        let gate = core.gate
        let reprinter = core.reprinter
        let profile = body.profile ?? .isbt
        // The gate writes the tag only if the label's template carries one (and refuses such a reprint without it).
        let tag = core.tagReaders.encoder(forStation: station.id)
        let result = await stepResult(.reprint, subject: serial.text, station: station.id, signatures: body.signatures) {
            () async throws -> [PrintedLabel] in
            // The step has checked both signatures (two distinct operators) before this runs.
            let performer = Actor(.operator, body.signatures.first?.badge ?? "")
            let witness = Actor(.operator, body.signatures.dropFirst().first?.badge ?? "")
            return try await reprinter.reprint(
                serial: serial, reason: body.reason, profile: profile, gate: gate, renderer: renderer, printer: printer,
                tag: tag, by: performer, witness: witness)
        }
        switch result {
        case .success(let (step, labels)):
            core.bus.publish(
                DaemonEvent(type: .printed, station: station.id, device: printer.name, state: "reprinted",
                    serials: labels.map(\.serial.text)))
            return try json(ReprintResponse(step: step, labels: labels.map(PrintedLabelView.init)), status: .created)
        case .failure(let error):
            core.bus.publish(DaemonEvent(type: .step, station: station.id, state: "refused", message: error.reason))
            throw error
        }
    }

    /// Runs a two-operator step, mapping every failure to an `APIError` value.
    private func stepResult<T: Sendable>(
        _ step: CriticalStep, subject: String, station: String, signatures: [SignatureInput],
        action: @escaping @Sendable () async throws -> T
    ) async -> Result<(CompletedStep, T), APIError> {
        do {
            return .success(
                try await core.verification.complete(step, subject: subject, signatures: signatures, station: station,
                    action: action))
        } catch let error as WorkflowError {
            return .failure(APIError.from(error))
        } catch let error as GateError {
            return .failure(APIError.from(error))
        } catch let error as APIError {
            return .failure(error)
        } catch {
            return .failure(APIError(.unavailable, "the step failed", detail: "\(error)"))
        }
    }

    // MARK: plumbing

    /// Reads at most `max_body_bytes` and decodes JSON; too large and malformed bodies are typed errors.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws(APIError) -> T {
        try decode(type, from: try await collect(request))
    }

    /// The whole body, at most `max_body_bytes`; a larger one is `api.tooLarge`.
    func collect(_ request: Request) async throws(APIError) -> ByteBuffer {
        let limit = core.configuration.daemon.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.tooLarge, "the body is larger than \(limit) bytes")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.tooLarge, "the body is larger than \(limit) bytes")
        }
        if body.withUnsafeReadableBytes(NulEscapeCheck.containsEscapedNul) {
            throw APIError(.malformed, "the body is not the JSON this endpoint expects: a text holds a NUL character")
        }
        return body
    }

    /// Decodes a collected body; malformed JSON is `api.malformed`, with what was wrong.
    func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws(APIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError(.malformed, "the body is not the JSON this endpoint expects: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "not JSON"
        }
    }
}

/// `POST /v1/stations/{station}/bedside-match` response.
struct BedsideResponse: Codable, Sendable {
    var match: BedsideMatchResult
    var step: CompletedStep
}

/// `POST /v1/reprints` response.
struct ReprintResponse: Codable, Sendable {
    var step: CompletedStep
    var labels: [PrintedLabelView]
}

/// A JSON response.
func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    jsonResponse(try JSONEncoder.api.encode(value), status: status)
}

/// A response with a JSON body already encoded.
func jsonResponse(_ body: some Sequence<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: jsonHeaders, body: .init(byteBuffer: ByteBuffer(bytes: body)))
}

private let jsonHeaders: HTTPFields = [.contentType: "application/json"]
