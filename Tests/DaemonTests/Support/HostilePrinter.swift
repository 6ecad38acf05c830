#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Synchronization

/// A fake network printer on 127.0.0.1 that answers every query with hostile bytes: what a spoofed printer on
/// plaintext `ipp://` or raw 9100 can send. It records everything it receives (a label that reached it would show
/// as `^XA` or an IPP Print-Job) and stops by itself after `lifetime` seconds.
final class HostilePrinter: Sendable {
    enum Answer: Sendable {
        /// Send these bytes once for each query (each read that brings data).
        case bytes([UInt8])
        /// Send 4 KiB blocks of `byte` without end (until the peer closes or `lifetime` passes).
        case endless(head: [UInt8], byte: UInt8)
    }

    let port: Int
    private let listener: Int32
    private let answer: Answer
    private let received = Mutex<[UInt8]>([])
    private let connections = Mutex(0)
    private let mostSent = Mutex(0)
    private let stopped = Mutex(false)
    private let deadline: Date

    init(answer: Answer, lifetime: TimeInterval = 120) throws {
        self.answer = answer
        deadline = Date().addingTimeInterval(lifetime)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw DaemonTestError("cannot listen on loopback")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Everything the printer received so far.
    var bytes: [UInt8] { received.withLock { $0 } }
    /// The most bytes sent on one connection before the daemon hung up (or `lifetime` passed): what the daemon
    /// read, plus what the socket buffers held.
    var mostBytesSentOnOneConnection: Int { mostSent.withLock { $0 } }
    /// Connections accepted so far.
    var connectionCount: Int { connections.withLock { $0 } }

    /// Whether anything that looks like a label reached the printer (ZPL `^XA`, or an IPP Print-Job: operation 0x0002
    /// right after the version bytes of an IPP request body).
    var receivedALabel: Bool {
        let all = bytes
        let text = String(decoding: all, as: UTF8.self)
        return text.contains("^XA") || text.contains("\u{02}\u{00}\u{00}\u{02}")
            || text.contains("\u{01}\u{01}\u{00}\u{02}")
    }

    /// Stops accepting (once; the connections end within 200 ms).
    func stop() {
        let first = stopped.withLock { stopped -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private var isOver: Bool { stopped.withLock { $0 } || Date() > deadline }

    private func acceptLoop() {
        while !isOver {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) == 1 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            connections.withLock { $0 += 1 }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !isOver {
            var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) == 1 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            received.withLock { $0.append(contentsOf: buffer[..<count]) }
            switch answer {
            case .bytes(let bytes):
                guard send(all: bytes, to: client) else { return }
            case .endless(let head, let byte):
                guard send(all: head, to: client) else { return }
                let block = [UInt8](repeating: byte, count: 4096)
                var sent = head.count
                while !isOver, send(all: block, to: client) { sent += block.count }
                mostSent.withLock { $0 = max($0, sent) }
                return
            }
        }
    }

    private func send(all bytes: [UInt8], to client: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            var poller = pollfd(fd: client, events: Int16(POLLOUT), revents: 0)
            guard !isOver, poll(&poller, 1, 1000) == 1 else { return false }
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    deinit { stop() }
}
