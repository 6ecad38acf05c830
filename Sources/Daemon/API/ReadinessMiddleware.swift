import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Until the ledger, the two-operator step state and start-up recovery are up (`ReadinessComponent.decisions`), every
/// endpoint that reads records or decides (scans, prints, steps, reprints, manifests) answers 503 with a JSON reason
/// and `Retry-After`, so no decision is made on a half-restored state. The status, device list, event stream, metrics
/// and kiosk page stay open and say what is not ready.
struct ReadinessMiddleware<Context: RequestContext>: RouterMiddleware {
    let readiness: Readiness

    /// Seconds a client is asked to wait before trying again.
    static var retryAfterSeconds: Int { 2 }

    /// Paths answered before the daemon is ready.
    static var open: Set<String> { ["/v1/status", "/v1/devices", "/v1/events", "/metrics"] }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard !readiness.servesDecisions, path.hasPrefix("/v1/"), !Self.open.contains(path) else {
            return try await next(request, context)
        }
        return Self.notReady(readiness.notReady)
    }

    /// The 503 answer: `{"error": "api.unavailable", "detail": "daemon.notReady", "reason": …, "waitingFor": {…}}`.
    static func notReady(_ waiting: [ReadinessComponent: String]) -> Response {
        let decisive = waiting.filter { ReadinessComponent.decisions.contains($0.key) }
        let parts = decisive.map { "\($0.key.rawValue) (\($0.value))" }.sorted()
        let body = NotReadyBody(
            error: APIError.Code.unavailable.rawValue, detail: "daemon.notReady",
            reason: "labelgated is starting and decides nothing yet; waiting for " + parts.joined(separator: ", "),
            waitingFor: Dictionary(uniqueKeysWithValues: decisive.map { ($0.key.rawValue, $0.value) }))
        let data = (try? JSONEncoder.api.encode(body)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.retryAfter] = "\(retryAfterSeconds)"
        return Response(status: .serviceUnavailable, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct NotReadyBody: Encodable {
        var error: String
        var detail: String
        var reason: String
        var waitingFor: [String: String]
    }
}
