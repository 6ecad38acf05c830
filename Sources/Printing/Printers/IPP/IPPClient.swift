import Dispatch
import Foundation

/// A minimal IPP client: one HTTP/1.1 POST per operation over a `BlockingSocket`, run on the owner's queue.
package struct IPPClient: Sendable {
    /// `ipp://host:port/path`.
    let printerURI: String
    let host: String
    let port: Int
    let path: String
    let timeout: Double

    /// Parses an `ipp://` (or `http://`) printer URI; port 631 by default.
    init(printerURI: String, timeout: Double) throws(PrintingError) {
        guard let url = URL(string: printerURI), let scheme = url.scheme, ["ipp", "http"].contains(scheme),
            let host = url.host
        else { throw PrintingError(.printer, "not an ipp:// printer URI: \(printerURI)") }
        self.printerURI = printerURI
        self.host = host
        self.port = url.port ?? 631
        self.path = url.path.isEmpty ? "/ipp/print" : url.path
        self.timeout = timeout
    }

    /// Sends `request` and parses the response. Blocking: call it on a dedicated queue.
    func send(_ request: IPPMessage) throws(PrintingError) -> IPPMessage {
        let body = try request.encoded()
        let socket = try BlockingSocket(host: host, port: port, timeout: timeout)
        let head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/ipp\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        try socket.write(Array(head.utf8) + body, timeout: timeout)
        let raw = try socket.read(timeout: timeout, maxBytes: Self.maximumResponseBytes) { Self.isComplete($0) }
        guard let response = Self.httpBody(raw) else {
            throw PrintingError(.printer, "the printer answered garbage (not an HTTP response)")
        }
        guard response.status == 200 else {
            throw PrintingError(.printer, "the printer answered HTTP \(response.status)")
        }
        guard let message = IPPMessage(decoding: response.body) else {
            throw PrintingError(.printer, "the printer answered garbage (not IPP)")
        }
        return message
    }

    /// True once the bytes hold the headers and a body of the announced length, or a whole chunked body (its last
    /// chunk and the empty line after any trailers), or once they can no longer become a valid response (the reader
    /// then stops and `httpBody` refuses what came). Chunked framing wins over a Content-Length, as in `httpBody`.
    package static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard let split = headerEnd(bytes) else { return false }
        let headers = String(decoding: bytes[..<split], as: UTF8.self).lowercased()
        if headers.contains("transfer-encoding: chunked") {
            switch chunked(bytes[(split + 4)...]) {
            case .complete, .malformed: return true
            case .incomplete: return false
            }
        }
        if let line = headers.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        {
            // A negative or absurd length is complete at once: `httpBody` then refuses what came.
            return length < 0 || bytes.count - (split + 4) >= length
        }
        return false
    }

    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// The largest IPP answer read from a printer (a Get-Printer-Attributes answer is a few KiB).
    package static let maximumResponseBytes = 1 << 20

    /// Status code and body (de-chunked) of an HTTP response; nil for anything malformed (a negative, oversized or
    /// non-hexadecimal chunk size, a chunk running past the end), because a printer's answer is outside input.
    package static func httpBody(_ bytes: [UInt8]) -> (status: Int, body: [UInt8])? {
        guard let split = headerEnd(bytes) else { return nil }
        let headers = String(decoding: bytes[..<split], as: UTF8.self)
        let statusLine = headers.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3,
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let status = Int(parts[1])
        else { return nil }
        let body = Array(bytes[(split + 4)...])
        guard headers.lowercased().contains("transfer-encoding: chunked") else { return (status, body) }
        guard let dechunked = dechunk(body) else { return nil }
        return (status, dechunked)
    }

    /// The payload of a chunked body (RFC 9112 §7.1), or nil when it is malformed, unfinished or longer than
    /// `maximumResponseBytes`.
    package static func dechunk(_ body: [UInt8]) -> [UInt8]? {
        guard case .complete(let payload) = chunked(body[...]) else { return nil }
        return payload
    }

    /// How far a chunked body has come.
    enum ChunkedBody: Equatable {
        /// The last chunk and the end of the trailer section have arrived: the payload.
        case complete([UInt8])
        /// Valid so far; more bytes are needed.
        case incomplete
        /// No continuation can make it valid.
        case malformed
    }

    /// Reads a chunked body as far as it goes. All arithmetic is on sizes bounded before use: it cannot overflow.
    static func chunked(_ body: ArraySlice<UInt8>) -> ChunkedBody {
        var out: [UInt8] = []
        var index = body.startIndex
        while true {
            guard let lineEnd = lineEnd(in: body, from: index) else {
                // An unfinished size line is still valid while it is a short run of hexadecimal digits (or has
                // reached its extensions).
                var partial = body[index...]
                if partial.last == 13 { partial = partial.dropLast() }  // the LF is still to come
                let digits = partial.prefix { $0 != UInt8(ascii: ";") }
                let valid = digits.count <= 8 && digits.allSatisfy(isHexDigit) && partial.count <= 4096
                return valid ? .incomplete : .malformed
            }
            guard let size = chunkSize(body[index..<lineEnd]) else { return .malformed }
            let start = lineEnd + 2
            if size == 0 { return trailerEnds(body, from: start) ? .complete(out) : trailerState(body, from: start) }
            guard size <= maximumResponseBytes - out.count else { return .malformed }
            guard size <= body.endIndex - start else { return .incomplete }
            out += body[start..<start + size]
            index = start + size
            guard body.endIndex - index >= 2 else {
                return index == body.endIndex || body[index] == 13 ? .incomplete : .malformed
            }
            guard body[index] == 13, body[index + 1] == 10 else { return .malformed }
            index += 2
        }
    }

    /// After the last chunk: trailer lines, then an empty line. True once the empty line has arrived.
    private static func trailerEnds(_ body: ArraySlice<UInt8>, from start: Int) -> Bool {
        var index = start
        while let end = lineEnd(in: body, from: index) {
            if end == index { return true }
            index = end + 2
        }
        return false
    }

    private static func trailerState(_ body: ArraySlice<UInt8>, from start: Int) -> ChunkedBody {
        body.endIndex - start > maximumResponseBytes ? .malformed : .incomplete
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    private static func lineEnd(in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.endIndex {
            if bytes[index] == 13 && bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// A chunk-size line: one to eight hexadecimal digits (a chunk of at most 4 GiB; we read at most 1 MiB),
    /// optionally followed by `;extensions`. No sign, no spaces, no `0x`.
    package static func chunkSize(_ line: ArraySlice<UInt8>) -> Int? {
        let digits = line.prefix { $0 != UInt8(ascii: ";") }
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        var value = 0
        for byte in digits {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
