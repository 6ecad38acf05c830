import Hummingbird

/// One API endpoint: method, path, the roles that may call it, and its handler. Every endpoint of the API is in
/// `DaemonAPI.endpoints`; registration wraps each handler in the token and role check, so none can skip it.
public struct APIEndpoint: Sendable {
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path, with `:name` parameters (Hummingbird syntax).
    public var path: String
    /// Roles allowed to call it.
    public var roles: Set<APIRole>
    let handler: @Sendable (Request, BasicRequestContext, TokenStore.Holder) async throws -> Response

    init(
        _ method: HTTPRequest.Method, _ path: String, roles: Set<APIRole>,
        handler: @escaping @Sendable (Request, BasicRequestContext, TokenStore.Holder) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.roles = roles
        self.handler = handler
    }
}

extension TokenStore {
    /// The caller of `request` if its bearer token is known and its role is one of `roles`.
    func authorize(_ request: Request, roles: Set<APIRole>) throws(APIError) -> Holder {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            let holder = holder(of: header.dropFirst(7))
        else {
            throw APIError(.unauthenticated, "a valid bearer token is required")
        }
        guard roles.contains(holder.role) else {
            throw APIError(.forbidden, "the \(holder.role.rawValue) role may not do this")
        }
        return holder
    }
}
