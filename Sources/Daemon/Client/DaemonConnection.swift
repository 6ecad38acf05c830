#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A small blocking HTTP/1.1 client for the daemon's API, over its Unix socket (`/run/labelgated/api.sock`) or TCP
/// (`http://127.0.0.1:8080`). One connection, kept alive across requests; used by the `labelgate` CLI, the API
/// benchmark and the tests. Not shared between threads.
public final class DaemonConnection {
    /// A response.
    public struct Reply: Sendable {
        /// HTTP status code.
        public var status: Int
        /// Headers, lower-cased names.
        public var headers: [String: String]
        /// The body.
        public var body: Data

        /// The body as JSON of type `T`.
        public func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: body)
        }

        /// The API's error code (`api.forbidden`…), when the body is an error.
        public var errorCode: String? {
            (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["error"] as? String
        }
    }

    /// The longest status or header line read (the daemon's are under 200 bytes).
    public static let maximumLineBytes = 16 * 1024
    /// The most header lines in one response.
    public static let maximumHeaderCount = 100
    /// The largest response body read, whole or in chunks (the daemon's largest, a device list, is a few KiB).
    public static let maximumBodyBytes = 16 * 1024 * 1024
    /// The largest single event on the event stream.
    public static let maximumEventBytes = 1024 * 1024

    private let fd: Int32
    private var buffer: [UInt8] = []
    private let host: String

    /// Connects to `address`: a socket path, or `http://host:port`.
    public init(address: String, timeoutSeconds: Int = 30) throws(DaemonError) {
        if address.hasPrefix("http://") {
            let rest = address.dropFirst(7).split(separator: "/").first.map(String.init) ?? ""
            let parts = rest.split(separator: ":")
            guard parts.count == 2, let port = UInt16(parts[1]) else {
                throw DaemonError(.unreachable, "not an address: \(address)")
            }
            host = rest
            fd = try Self.connectTCP(host: String(parts[0]), port: port)
        } else {
            host = "localhost"
            fd = try Self.connectUnix(path: address)
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    private static func connectUnix(path: String) throws(DaemonError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DaemonError(.unreachable, "socket() failed: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw DaemonError(.unreachable, "socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw DaemonError(.unreachable, "cannot connect to \(path): \(String(cString: strerror(code)))")
        }
        return fd
    }

    private static func connectTCP(host: String, port: UInt16) throws(DaemonError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw DaemonError(.unreachable, "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            close(fd)
            throw DaemonError(.unreachable, "only IPv4 literal hosts are supported: \(host)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw DaemonError(.unreachable, "cannot connect to \(host):\(port): \(String(cString: strerror(code)))")
        }
        return fd
    }

    /// Sends one request and reads the whole response.
    public func request(
        _ method: String, _ path: String, token: String?, json body: Data? = nil, headers extra: [String: String] = [:]
    ) throws(DaemonError) -> Reply {
        try write(Self.encode(method, path, host: host, token: token, body: body, headers: extra))
        let (status, headers) = try readHead()
        let body: [UInt8]
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var all: [UInt8] = []
            while let chunk = try readChunk() {
                guard all.count + chunk.count <= Self.maximumBodyBytes else {
                    throw DaemonError(.protocolError, "the response is larger than \(Self.maximumBodyBytes) bytes")
                }
                all += chunk
            }
            body = all
        } else {
            body = try readExactly(try Self.bodyLength(headers["content-length"]))
        }
        return Reply(status: status, headers: headers, body: Data(body))
    }

    /// A request encoded once, to be sent many times (`labelgate bench-api`).
    public struct Prepared: Sendable {
        let bytes: [UInt8]
    }

    /// Encodes a request for `send(_:)`.
    public func prepare(_ method: String, _ path: String, token: String?, json body: Data?) -> Prepared {
        Prepared(bytes: Self.encode(method, path, host: host, token: token, body: body, headers: [:]))
    }

    /// Sends a prepared request and returns the status and body of a response with a `Content-Length` (what the
    /// daemon sends for every JSON reply); a chunked reply is a protocol error here.
    public func send(_ request: Prepared) throws(DaemonError) -> (status: Int, body: [UInt8]) {
        try write(request.bytes)
        let headEnd: Int
        while true {
            if let end = Self.find(Self.blankLine, in: buffer) {
                headEnd = end
                break
            }
            guard buffer.count <= Self.maximumLineBytes * 4 else {
                throw DaemonError(.protocolError, "the response head is too long")
            }
            try fill()
        }
        let head = buffer[..<headEnd]
        guard let status = Self.statusCode(head), let length = Self.contentLength(head),
            length <= Self.maximumBodyBytes
        else {
            throw DaemonError(.protocolError, "not an HTTP response with a Content-Length of at most 16 MiB")
        }
        let bodyStart = headEnd + Self.blankLine.count
        while buffer.count < bodyStart + length { try fill() }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return (status, body)
    }

    /// Encodes `value` as JSON and sends it.
    public func request<T: Encodable>(_ method: String, _ path: String, token: String?, body value: T)
        throws(DaemonError) -> Reply
    {
        let data: Data
        do {
            data = try JSONEncoder().encode(value)
        } catch {
            throw DaemonError(.protocolError, "cannot encode the request: \(error)")
        }
        return try request(method, path, token: token, json: data)
    }

    /// Opens the event stream and calls `onEvent` with the JSON of each event until it returns false or the stream
    /// ends. Returns the HTTP status (200 when the stream was opened).
    public func events(token: String?, onEvent: (Data) -> Bool) throws(DaemonError) -> Int {
        try write(
            Self.encode("GET", "/v1/events", host: host, token: token, body: nil, headers: ["Accept": "text/event-stream"]))
        let (status, headers) = try readHead()
        guard status == 200 else {
            if headers["transfer-encoding"]?.lowercased() == "chunked" {
                while try readChunk() != nil {}
            } else {
                _ = try readExactly(try Self.bodyLength(headers["content-length"]))
            }
            return status
        }
        var pending: [UInt8] = []
        while let chunk = try readChunk() {
            pending += chunk
            guard pending.count <= Self.maximumEventBytes else {
                throw DaemonError(.protocolError, "an event is larger than \(Self.maximumEventBytes) bytes")
            }
            while let end = Self.find([10, 10], in: pending) {
                let block = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeFirst(end + 2)
                for line in block.split(separator: "\n") where line.hasPrefix("data: ") {
                    if !onEvent(Data(line.dropFirst(6).utf8)) { return status }
                }
            }
        }
        return status
    }

    // MARK: wire

    private static func encode(
        _ method: String, _ path: String, host: String, token: String?, body: Data?, headers extra: [String: String]
    ) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        } else if method == "POST" || method == "PUT" {
            head += "Content-Length: 0\r\n"
        }
        for (name, value) in extra { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if let body { bytes += body }
        return bytes
    }

    private func write(_ bytes: [UInt8]) throws(DaemonError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw DaemonError(.unreachable, "the daemon closed the connection") }
            offset += written
        }
    }

    private func fill() throws(DaemonError) {
        let count = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16 * 1024) { chunk in
            let count = read(fd, chunk.baseAddress, chunk.count)
            if count > 0 { buffer.append(contentsOf: chunk[..<count]) }
            return count
        }
        guard count > 0 else {
            throw DaemonError(.unreachable, count == 0 ? "the daemon closed the connection" : "read failed: errno \(errno)")
        }
    }

    private func readLine() throws(DaemonError) -> String {
        while true {
            if let end = Self.find([13, 10], in: buffer) {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return line
            }
            guard buffer.count <= Self.maximumLineBytes else {
                throw DaemonError(
                    .protocolError, "a line of the response is longer than \(Self.maximumLineBytes) bytes")
            }
            try fill()
        }
    }

    private func readExactly(_ count: Int) throws(DaemonError) -> [UInt8] {
        while buffer.count < count { try fill() }
        let out = Array(buffer[..<count])
        buffer.removeFirst(count)
        return out
    }

    private func readHead() throws(DaemonError) -> (Int, [String: String]) {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw DaemonError(.protocolError, "not an HTTP response: \(statusLine.prefix(40))")
        }
        var headers: [String: String] = [:]
        var count = 0
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            count += 1
            guard count <= Self.maximumHeaderCount else {
                throw DaemonError(.protocolError, "more than \(Self.maximumHeaderCount) header lines")
            }
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return (status, headers)
    }

    /// The next chunk of a chunked body, or nil at its end.
    private func readChunk() throws(DaemonError) -> [UInt8]? {
        let sizeLine = try readLine()
        let digits = sizeLine.split(separator: ";").first ?? ""
        // Hexadecimal digits only (`Int(_:radix:)` would take a sign), at most 8 of them, and within the body cap.
        guard (1...8).contains(digits.count), digits.allSatisfy(\.isHexDigit), let size = Int(digits, radix: 16),
            size <= Self.maximumBodyBytes
        else {
            throw DaemonError(.protocolError, "bad chunk size")
        }
        if size == 0 {
            _ = try readLine()
            return nil
        }
        let data = try readExactly(size)
        _ = try readLine()
        return data
    }

    /// A `Content-Length` value: digits only, at most `maximumBodyBytes`; absent is 0.
    static func bodyLength(_ value: String?) throws(DaemonError) -> Int {
        guard let value else { return 0 }
        guard (1...9).contains(value.count), value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber),
            let length = Int(value), length <= maximumBodyBytes
        else {
            throw DaemonError(.protocolError, "bad Content-Length")
        }
        return length
    }

    private static let blankLine: [UInt8] = [13, 10, 13, 10]
    private static let contentLengthName = Array("\r\ncontent-length:".utf8)

    /// The first index of `needle` in `haystack`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count, let first = needle.first else { return nil }
        var index = 0
        outer: while index <= haystack.count - needle.count {
            if haystack[index] == first {
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    index += 1
                    continue outer
                }
                return index
            }
            index += 1
        }
        return nil
    }

    /// The status code of a response head (`HTTP/1.1 200 OK`).
    static func statusCode(_ head: ArraySlice<UInt8>) -> Int? {
        let start = head.startIndex
        guard head.count >= 12, head[start..<(start + 7)].elementsEqual("HTTP/1.".utf8) else { return nil }
        var code = 0
        for byte in head[(start + 9)..<(start + 12)] {
            guard (48...57).contains(byte) else { return nil }
            code = code * 10 + Int(byte - 48)
        }
        return code
    }

    /// The `Content-Length` of a response head, matched without regard to case.
    static func contentLength(_ head: ArraySlice<UInt8>) -> Int? {
        let name = contentLengthName
        var index = head.startIndex
        while index + name.count <= head.endIndex {
            var matches = true
            for offset in 0..<name.count where head[index + offset] | 0x20 != name[offset] | 0x20 {
                matches = false
                break
            }
            if matches {
                var cursor = index + name.count
                while cursor < head.endIndex, head[cursor] == 32 { cursor += 1 }
                var value = 0
                var digits = 0
                while cursor < head.endIndex, (48...57).contains(head[cursor]) {
                    guard digits < 10 else { return nil }  // never overflows; far above the body cap anyway
                    value = value * 10 + Int(head[cursor] - 48)
                    digits += 1
                    cursor += 1
                }
                return digits > 0 ? value : nil
            }
            index += 1
        }
        return nil
    }
}
