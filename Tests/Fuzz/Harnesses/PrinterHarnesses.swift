import Printing

/// Printers' answers: IPP messages, chunked HTTP, ZPL `~HS` and `~HQES`.
enum PrinterHarnesses {
    /// A decoded IPP message re-encodes to a message that decodes to itself (names and values intact, the document
    /// data kept); a message built from the input round-trips through the wire form.
    static func ippMessage(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        if input.byte() & 0x03 == 0 {
            try ippBuilt(&input)
            return
        }
        guard let message = IPPMessage(decoding: input.rest()) else { return }
        // A name decoded from non-UTF-8 bytes may outgrow 16 bits: then encoding refuses (a typed error).
        guard let wire = try? message.encoded() else {
            let longest = message.groups.flatMap(\.attributes).map(\.name.utf8.count).max() ?? 0
            try check(longest > 0xFFFF, "a decoded message does not re-encode")
            return
        }
        guard let again = IPPMessage(decoding: wire) else {
            throw FuzzFailure("a decoded IPP message does not decode after re-encoding")
        }
        try check(same(again, message), "decode(encode(m)) != m")
        _ = message.attribute("printer-state").first?.integer
        _ = message.attribute("printer-state-reasons").map(\.string)
    }

    private static func ippBuilt(_ input: inout FuzzInput) throws(FuzzFailure) {
        var groups: [IPPMessage.Group] = []
        for _ in 0..<input.int(below: 4) {
            var attributes: [IPPMessage.Attribute] = []
            for _ in 0..<input.int(below: 5) {
                let name = String(decoding: [0x61] + input.chunk().map { $0 % 26 + 0x61 }, as: UTF8.self)
                let values = (0..<(1 + input.int(below: 3))).map { _ in
                    IPPMessage.Value(tag: 0x10 + input.byte() % 0xF0, bytes: input.bytes(input.int(below: 300)))
                }
                attributes.append(IPPMessage.Attribute(name: name, values: values))
            }
            groups.append(IPPMessage.Group(tag: [0x01, 0x02, 0x04, 0x05][input.int(below: 4)], attributes: attributes))
        }
        var message = IPPMessage(code: UInt16(input.int(below: 65536)), requestID: 7, groups: groups)
        message.data = input.rest()
        guard let wire = try? message.encoded(), let decoded = IPPMessage(decoding: wire) else {
            throw FuzzFailure("a built IPP message does not decode")
        }
        try check(same(decoded, message), "a built IPP message does not round-trip")
    }

    private static func same(_ a: IPPMessage, _ b: IPPMessage) -> Bool {
        a.code == b.code && a.requestID == b.requestID && a.groups == b.groups && a.data == b.data
    }

    /// Any response: `httpBody` answers or refuses without a trap, and `isComplete` never traps. A body sent in
    /// chunks of fuzzed sizes (hex in either case, leading zeros, extensions) de-chunks to itself, the response is
    /// complete only once all of it has arrived, and a Content-Length response likewise.
    static func httpChunked(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        guard input.byte() & 0x01 == 0 else {
            let bytes = input.rest()
            _ = IPPClient.isComplete(bytes)
            if let response = IPPClient.httpBody(bytes) {
                try check((0...999).contains(response.status), "status \(response.status)")  // three digits
                try check(response.body.count <= bytes.count, "a body longer than the response")
            }
            _ = IPPClient.dechunk(bytes)
            return
        }
        let payload = input.bytes(input.int(below: 2000))
        let chunked = input.bool()
        var body: [UInt8] = []
        if chunked {
            var start = 0
            while start < payload.count {
                let size = min(payload.count - start, 1 + input.int(below: 700))
                var digits = String(size, radix: 16, uppercase: input.bool())
                digits = String(repeating: "0", count: input.int(below: max(1, 9 - digits.count))) + digits
                body += Array(digits.utf8) + (input.int(below: 4) == 0 ? Array(";name=value".utf8) : []) + [13, 10]
                body += payload[start..<start + size] + [13, 10]
                start += size
            }
            body += Array("0\r\n\r\n".utf8)
        } else {
            body = payload
        }
        let framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: \(payload.count)"
        let response = Array("HTTP/1.1 200 OK\r\nContent-Type: application/ipp\r\n\(framing)\r\n\r\n".utf8) + body
        try check(IPPClient.isComplete(response), "a whole response is not complete")
        guard let parsed = IPPClient.httpBody(response) else { throw FuzzFailure("a valid response is refused") }
        try check(parsed.status == 200 && parsed.body == payload, "the body does not come back")
        // The reader stops as soon as `isComplete` says so: no strict prefix may claim to be a whole response.
        let cut = response.count - 1 - input.int(below: max(1, min(response.count - 1, 4000)))
        if cut >= 0 && cut < response.count {
            let prefix = Array(response[..<cut])
            try check(!IPPClient.isComplete(prefix), "complete after \(cut) of \(response.count) bytes")
        }
    }

    /// `~HS` and `~HQES` answers: parsed counts are never negative or huge (so `pending` cannot overflow or let
    /// unconfirmed labels count as printed); a status written as an answer parses back to itself.
    static func zplStatus(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        switch input.int(below: 4) {
        case 0:
            let status = ZPLHostStatus(
                paperOut: input.bool(), paused: input.bool(), formatsInBuffer: input.int(below: 1000),
                headOpen: input.bool(), ribbonOut: input.bool(),
                labelsRemaining: input.int(below: 65536) * input.int(below: 1526))
            try check(ZPLHostStatus(answer: status.answer) == status, "~HS answer round trip for \(status)")
            try check(ZPLHostStatus.isComplete(status.answer), "a whole ~HS answer is not complete")
        case 1:
            let errors = UInt32(input.byte()) << 24 | UInt32(input.byte()) << 16 | UInt32(input.byte()) << 8
                | UInt32(input.byte())
            let status = ZPLErrorStatus(errors: errors)
            try check(ZPLErrorStatus(answer: status.answer) == status, "~HQES answer round trip for \(errors)")
        default:
            let bytes = input.rest()
            if let status = ZPLHostStatus(answer: bytes) {
                try check((0...99_999_999).contains(status.formatsInBuffer), "formats \(status.formatsInBuffer)")
                try check((0...99_999_999).contains(status.labelsRemaining), "labels \(status.labelsRemaining)")
                try check(status.pending >= 0, "pending \(status.pending)")
            }
            _ = ZPLHostStatus.isComplete(bytes)
            if let status = ZPLErrorStatus(answer: bytes) { _ = status.faults }
            _ = ZPLErrorStatus.isComplete(bytes)
        }
    }
}
