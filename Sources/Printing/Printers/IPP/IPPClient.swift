import Dispatch
import Foundation

/// A minimal IPP client: one HTTP/1.1 POST per operation over a `BlockingSocket`, run on the owner's queue.
struct IPPClient: Sendable {
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
        let body = request.encoded()
        let socket = try BlockingSocket(host: host, port: port, timeout: timeout)
        let head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/ipp\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        try socket.write(Array(head.utf8) + body, timeout: timeout)
        let raw = try socket.read(timeout: timeout) { Self.isComplete($0) }
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

    /// True once the bytes hold the headers and a body of the announced length (or a final chunk).
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard let split = headerEnd(bytes) else { return false }
        let headers = String(decoding: bytes[..<split], as: UTF8.self).lowercased()
        if let line = headers.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        {
            return bytes.count - (split + 4) >= length
        }
        if headers.contains("transfer-encoding: chunked") {
            return bytes.count >= 5 && Array(bytes.suffix(5)) == Array("0\r\n\r\n".utf8)
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

    /// Status code and body (de-chunked) of an HTTP response.
    static func httpBody(_ bytes: [UInt8]) -> (status: Int, body: [UInt8])? {
        guard let split = headerEnd(bytes) else { return nil }
        let headers = String(decoding: bytes[..<split], as: UTF8.self)
        let statusLine = headers.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else { return nil }
        var body = Array(bytes[(split + 4)...])
        if headers.lowercased().contains("transfer-encoding: chunked") {
            var out: [UInt8] = []
            var index = 0
            while index < body.count {
                guard let lineEnd = (index..<body.count - 1).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }),
                    let size = Int(
                        String(decoding: body[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? "",
                        radix: 16)
                else { return nil }
                if size == 0 { break }
                let start = lineEnd + 2
                guard start + size <= body.count else { return nil }
                out += body[start..<start + size]
                index = start + size + 2
            }
            body = out
        }
        return (status, body)
    }
}
