import Foundation
import HTTPTypes
import Hummingbird
import LabelgateCore
import NIOCore

/// A refusal or failure the API reports: an HTTP status and a JSON body `{"error": code, "reason": words}`.
public struct APIError: CodedError, HTTPResponseError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// No bearer token, or one the daemon does not know.
        public static let unauthenticated = Code(rawValue: "api.unauthenticated")
        /// The token's role may not call this endpoint.
        public static let forbidden = Code(rawValue: "api.forbidden")
        /// The body is not the JSON this endpoint expects.
        public static let malformed = Code(rawValue: "api.malformed")
        /// The body is larger than `max_body_bytes`.
        public static let tooLarge = Code(rawValue: "api.tooLarge")
        /// No such station, record or shipment.
        public static let notFound = Code(rawValue: "api.notFound")
        /// The gate refused (print interlock, workflow).
        public static let refused = Code(rawValue: "api.refused")
        /// The request conflicts with the current state (step order, open shipment).
        public static let conflict = Code(rawValue: "api.conflict")
        /// The ledger or a device failed.
        public static let unavailable = Code(rawValue: "api.unavailable")
    }

    /// The stable code.
    public let code: Code
    /// Words a person understands; never patient data.
    public let reason: String
    /// A more specific code from the layer that refused (`gate.hashMismatch`, `workflow.sameOperator`…).
    public let detail: String?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, detail: String? = nil) {
        self.code = code
        self.reason = reason
        self.detail = detail
    }

    /// The HTTP status for the code.
    public var status: HTTPResponse.Status {
        switch code {
        case .unauthenticated: return .unauthorized
        case .forbidden: return .forbidden
        case .malformed: return .badRequest
        case .tooLarge: return .contentTooLarge
        case .notFound: return .notFound
        case .refused: return .unprocessableContent
        case .conflict: return .conflict
        default: return .serviceUnavailable
        }
    }

    /// The JSON body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body = ["error": code.rawValue, "reason": reason]
        if let detail { body["detail"] = detail }
        let data = (try? JSONEncoder.api.encode(body)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension JSONEncoder {
    /// The API's encoder: ISO 8601 dates, sorted keys.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
