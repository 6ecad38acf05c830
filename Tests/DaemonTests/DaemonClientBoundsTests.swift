#if canImport(Glibc)
    import Glibc
#endif
import Daemon
import Foundation
import Testing

/// The CLI's daemon client reads a hostile answer (something else listening on the socket path) as a protocol error,
/// within its caps: never a trap, never an unbounded buffer.
@Suite("Daemon client: bounded reads", .timeLimit(.minutes(1)))
struct DaemonClientBoundsTests {
    /// A Unix-socket server that answers one request with `answer`, then `tail` repeated `repeats` times, then closes.
    static func serve(_ answer: String, tail: String = "", repeats: Int = 0) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lgc-\(UUID().uuidString.prefix(8)).sock"
        ).path
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, listen(listener, 1) == 0 else { throw DaemonTestError("cannot listen on \(path)") }
        Thread.detachNewThread {
            defer { close(listener); unlink(path) }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            defer { close(client) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            let chunk = Array(tail.utf8)
            var out = Array(answer.utf8)
            for _ in 0..<repeats { out += chunk }
            var offset = 0
            while offset < out.count {
                let sent = out[offset...].withUnsafeBytes {
                    send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if sent <= 0 { return }
                offset += sent
            }
        }
        return path
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n\r\n0\r\n\r\n", "", 0),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\n", "", 0),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+10\r\nAAAAAAAAAAAAAAAA\r\n0\r\n\r\n", "", 0),
        ("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", "", 0),
        ("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", "", 0),
        ("HTTP/1.1 200 OK\r\nX: ", "A", 40_000),  // a header line without end
        ("HTTP/1.1 200 OK\r\n", "X-A: b\r\n", 500),  // too many header lines
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "1000000\r\n", 1),  // a 16 MiB chunk announced
    ])
    func aHostileAnswerIsAProtocolError(answer: String, tail: String, repeats: Int) async throws {
        let path = try Self.serve(answer, tail: tail, repeats: repeats)
        let outcome = try await onThread { () -> String in
            do {
                let reply = try DaemonConnection(address: path, timeoutSeconds: 5).request(
                    "GET", "/v1/status", token: nil)
                return "answered \(reply.status) with \(reply.body.count) bytes"
            } catch let error as DaemonError {
                return error.code.rawValue
            }
        }
        #expect(outcome == "daemon.protocol" || outcome == "daemon.unreachable", "\(outcome)")
        #expect(!outcome.hasPrefix("answered"), "\(outcome)")
    }
}
