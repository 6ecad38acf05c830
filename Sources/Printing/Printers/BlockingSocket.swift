#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// A blocking TCP client socket with deadlines. Owned by one printer backend and used only on that backend's serial
/// dispatch queue (never on the Swift cooperative pool); that confinement is why it is `@unchecked Sendable`.
final class BlockingSocket: @unchecked Sendable {
    private var fd: Int32

    /// Connects to `host:port` (numeric address or name) within `timeout` seconds.
    init(host: String, port: Int, timeout: Double) throws(PrintingError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
            throw PrintingError(.printer, "cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        let socketFD = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw PrintingError(.printer, "cannot create a socket") }
        fd = socketFD
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let started = connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen)
        if started != 0 {
            guard errno == EINPROGRESS else {
                let reason = String(cString: strerror(errno))
                close(fd)
                fd = -1  // closed here: deinit (which runs when an initialized object's init throws) must not close it again
                throw PrintingError(.printer, "\(host):\(port) unreachable: \(reason)")
            }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard poll(&poller, 1, Int32(timeout * 1000)) == 1,
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0
            else {
                let reason = error != 0 ? String(cString: strerror(error)) : "timed out"
                close(fd)
                fd = -1  // closed here: deinit (which runs when an initialized object's init throws) must not close it again
                throw PrintingError(.printer, "\(host):\(port) unreachable: \(reason)")
            }
        }
        _ = fcntl(fd, F_SETFL, flags)
        var one: Int32 = 1
        let noDelay: Int32 = 1  // TCP_NODELAY: status queries are tiny; do not let Nagle hold them back
        _ = setsockopt(fd, Int32(IPPROTO_TCP), noDelay, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Writes all of `bytes` within `timeout` seconds.
    func write(_ bytes: [UInt8], timeout: Double) throws(PrintingError) {
        var offset = 0
        let deadline = Date().addingTimeInterval(timeout)
        while offset < bytes.count {
            guard wait(for: Int16(POLLOUT), until: deadline) else { throw PrintingError(.printer, "write timed out") }
            let written = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw PrintingError(.printer, "connection lost: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// Reads until `complete` says the bytes so far are a whole answer, or the deadline passes (returns what came).
    /// A printer's answer is outside input: one longer than `maxBytes` (a printer that streams forever, or never
    /// completes its answer) is cut off and refused as garbage, never buffered without bound.
    func read(timeout: Double, maxBytes: Int, until complete: ([UInt8]) -> Bool) throws(PrintingError) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(timeout)
        while !complete(out) {
            guard out.count < maxBytes else {
                throw PrintingError(.printer, "the printer answered garbage (more than \(maxBytes) bytes)")
            }
            guard wait(for: Int16(POLLIN), until: deadline) else { return out }
            let room = min(buffer.count, maxBytes - out.count)
            let count = buffer.withUnsafeMutableBytes { raw in recv(fd, raw.baseAddress, room, 0) }
            guard count > 0 else {
                if out.isEmpty { throw PrintingError(.printer, "the printer closed the connection") }
                return out
            }
            out.append(contentsOf: buffer[..<count])
        }
        return out
    }

    /// The most `drain()` discards before it gives up on the connection.
    static let maximumDrainBytes = 64 * 1024

    /// Discards whatever is waiting to be read (a late answer to an earlier query). A printer that keeps sending
    /// (more than `maximumDrainBytes`) is cut off: the connection is unusable.
    func drain() throws(PrintingError) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var discarded = 0
        while wait(for: Int16(POLLIN), until: Date()) {
            let count = buffer.withUnsafeMutableBytes { raw in recv(fd, raw.baseAddress, raw.count, 0) }
            if count <= 0 { return }
            discarded += count
            guard discarded <= Self.maximumDrainBytes else {
                throw PrintingError(
                    .printer, "the printer keeps sending (more than \(Self.maximumDrainBytes) bytes unasked)")
            }
        }
    }

    private func wait(for events: Int16, until deadline: Date) -> Bool {
        var poller = pollfd(fd: fd, events: events, revents: 0)
        let milliseconds = max(0, Int32(deadline.timeIntervalSinceNow * 1000))
        return poll(&poller, 1, milliseconds) == 1 && poller.revents & events != 0
    }
}
