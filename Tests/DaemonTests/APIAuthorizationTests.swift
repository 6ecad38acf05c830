import Daemon
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every endpoint refuses calls without a token, with an unknown token, and with a role it does not admit.
@Suite("API authorization, for every endpoint")
struct APIAuthorizationTests {
    static func uri(_ endpoint: APIEndpoint, coi: String) -> String {
        endpoint.path.replacingOccurrences(of: ":station", with: "dock-1").replacingOccurrences(of: ":coi", with: coi)
    }

    @Test func refusesUnauthenticatedAndWrongRoleCallsToEveryEndpoint() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        let endpoints = DaemonAPI(core: core).endpoints
        #expect(endpoints.count >= 12)
        try await fixture.application(core: core).test(.router) { client in
            for endpoint in endpoints {
                let uri = Self.uri(endpoint, coi: fixture.record.coi.content)
                for headers: HTTPFields in [[:], [.authorization: "Bearer not-a-token"], [.authorization: "Basic eDp5"]] {
                    try await client.execute(uri: uri, method: endpoint.method, headers: headers, body: DaemonFixture.json([:])) {
                        #expect($0.status == .unauthorized, "\(endpoint.method) \(endpoint.path) without a valid token")
                        #expect($0.body.json["error"] as? String == "api.unauthenticated")
                    }
                }
                for role in APIRole.allCases where !endpoint.roles.contains(role) {
                    try await client.execute(
                        uri: uri, method: endpoint.method, headers: DaemonFixture.bearer(role), body: DaemonFixture.json([:])
                    ) {
                        #expect($0.status == .forbidden, "\(endpoint.method) \(endpoint.path) as \(role)")
                        #expect($0.body.json["error"] as? String == "api.forbidden")
                    }
                }
            }
        }
    }

    @Test func admitsEveryRoleTheTableNamesPastTheTokenCheck() async throws {
        let fixture = try await DaemonFixture()
        let core = try await fixture.core()
        let endpoints = DaemonAPI(core: core).endpoints.filter { $0.path != "/v1/events" }
        try await fixture.application(core: core).test(.router) { client in
            for endpoint in endpoints {
                for role in endpoint.roles {
                    try await client.execute(
                        uri: Self.uri(endpoint, coi: fixture.record.coi.content), method: endpoint.method,
                        headers: DaemonFixture.bearer(role), body: DaemonFixture.json([:])
                    ) {
                        #expect($0.status != .unauthorized && $0.status != .forbidden, "\(endpoint.path) as \(role)")
                    }
                }
            }
        }
    }

    @Test func refusesWrongRolesOverTheRealUnixSocket() async throws {
        let fixture = try await DaemonFixture()
        let daemon = try await RunningDaemon(fixture)
        defer { daemon.stop() }
        let core = daemon.built.core
        let socket = daemon.socket
        let coi = fixture.record.coi.content
        for endpoint in DaemonAPI(core: core).endpoints {
            let uri = Self.uri(endpoint, coi: coi)
            let method = endpoint.method.rawValue
            let refused = endpoint.roles
            let replies = try await onThread { () -> [(APIRole?, DaemonConnection.Reply)] in
                let connection = try DaemonConnection(address: socket, timeoutSeconds: 30)
                var replies = [(APIRole?.none, try connection.request(method, uri, token: nil, json: Data("{}".utf8)))]
                for role in APIRole.allCases where !refused.contains(role) {
                    replies.append(
                        (role, try connection.request(method, uri, token: DaemonFixture.tokens[role], json: Data("{}".utf8))))
                }
                return replies
            }
            for (role, reply) in replies {
                if let role {
                    #expect(reply.status == 403 && reply.errorCode == "api.forbidden", "\(uri) as \(role)")
                } else {
                    #expect(reply.status == 401 && reply.errorCode == "api.unauthenticated", "\(uri)")
                }
            }
        }
    }

    @Test func servesTheSocketWithMode0660() async throws {
        let fixture = try await DaemonFixture()
        let daemon = try await RunningDaemon(fixture)
        defer { daemon.stop() }
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socket)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
    }
}

@Suite("API document")
struct APIDocumentTests {
    @Test func documentsEveryEndpointTheRouterServes() async throws {
        let fixture = try await DaemonFixture()
        let document = try String(
            contentsOf: DaemonFixture.repositoryRoot.appendingPathComponent("docs/api.yaml"), encoding: .utf8)
        for endpoint in DaemonAPI(core: try await fixture.core()).endpoints {
            let path = endpoint.path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/")
            #expect(document.contains("  /\(path):\n"), "docs/api.yaml lacks \(endpoint.path)")
        }
    }

    @Test func parsesTheDocumentedExampleConfiguration() throws {
        let configuration = try DaemonConfiguration(
            path: DaemonFixture.repositoryRoot.appendingPathComponent("systemd/labelgate.toml.example").path)
        #expect(configuration.stations.map(\.id) == ["print-1", "dock-1", "bedside-1"])
        #expect(configuration.daemon.socketGroup == "labelgate-clients")
    }
}
