#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Plain Unix-socket clients for load and hostile-client tests: connected, then left idle or never read.
enum RawSocket {
    /// POLLRDHUP (Linux), which Glibc's module does not import.
    static let pollReadHangUp: Int16 = 0x2000

    /// Connects to the Unix socket at `path`; throws when the connect itself fails.
    static func connect(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DaemonTestError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw DaemonTestError("connect \(path): errno \(code)")
        }
        return fd
    }

    /// Sends all of `text` (blocking).
    static func send(_ text: String, to fd: Int32) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw DaemonTestError("send: errno \(errno)") }
            offset += sent
        }
    }

    /// An event-stream request that will never be read.
    static func eventRequest(token: String) -> String {
        "GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\nAccept: text/event-stream\r\n\r\n"
    }

    /// Whether the daemon closed its end (hang-up or end of file), looking without reading what is buffered.
    static func closedByPeer(_ fd: Int32) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN) | pollReadHangUp, revents: 0)
        guard poll(&poller, 1, 0) == 1 else { return false }
        if poller.revents & (Int16(POLLHUP) | pollReadHangUp) != 0 { return true }
        // Readable: end of file only if a peek returns 0 bytes.
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) == 0
    }

    /// Raises this process's soft RLIMIT_NOFILE to at least `count` (up to the hard limit); returns the new limit.
    @discardableResult
    static func raiseDescriptorLimit(to count: Int) -> Int {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < rlim_t(count) {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }
}
