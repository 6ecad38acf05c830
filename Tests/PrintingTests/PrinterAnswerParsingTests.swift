import Testing

@testable import Printing

/// Printers' answers are outside input: a spoofed printer on plaintext `ipp://` or port 9100 chooses every byte.
/// Malformed sizes and counts are refused as garbage, never trap, and never make a label count as printed.
@Suite struct PrinterAnswerParsingTests {
    static func response(chunks: String) -> [UInt8] {
        Array("HTTP/1.1 200 OK\r\nContent-Type: application/ipp\r\nTransfer-Encoding: chunked\r\n\r\n\(chunks)".utf8)
    }

    @Test(arguments: [
        "-1\r\nabc\r\n0\r\n\r\n",
        "7fffffffffffffff\r\nabc\r\n0\r\n\r\n",
        "ffffffffffffffff\r\nabc\r\n0\r\n\r\n",
        "+3\r\nabc\r\n0\r\n\r\n",
        "0x3\r\nabc\r\n0\r\n\r\n",
        " 3\r\nabc\r\n0\r\n\r\n",
        "10\r\nabc\r\n0\r\n\r\n",  // runs past the end
        "3\r\nabcX\r\n0\r\n\r\n",  // no CRLF after the chunk
        "3\r\nabc\r\n",  // no last chunk
        "fffffff\r\nabc\r\n0\r\n\r\n",  // within eight digits, beyond what is read
    ])
    func hostileChunkSizesAreGarbageNotATrap(chunks: String) {
        #expect(IPPClient.httpBody(Self.response(chunks: chunks)) == nil)
    }

    @Test func wellFormedChunksAreJoined() throws {
        let parsed = try #require(IPPClient.httpBody(Self.response(chunks: "3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n")))
        #expect(parsed.status == 200)
        #expect(parsed.body == Array("abc0123456789".utf8))
    }

    /// Seen while writing the http-chunked harness's prefix oracle: a chunk whose data ends in `0\r\n`, followed by its
    /// CRLF, made the answer look complete (it ended in `0\r\n\r\n`), so the reader stopped early and a valid answer
    /// was garbage.
    @Test func aResponseIsCompleteOnlyAfterItsLastChunk() {
        let whole = Self.response(chunks: "5\r\nab0\r\n\r\n2\r\ncd\r\n0\r\n\r\n")
        let firstChunk = Self.response(chunks: "5\r\nab0\r\n\r\n")
        #expect(!IPPClient.isComplete(firstChunk))
        for cut in 1..<whole.count { #expect(!IPPClient.isComplete(Array(whole.prefix(cut))), "\(cut) bytes") }
        #expect(IPPClient.isComplete(whole))
        #expect(IPPClient.httpBody(whole)?.body == Array("ab0\r\ncd".utf8))
        // A body that can no longer become valid is complete at once (the reader stops; httpBody refuses it).
        #expect(IPPClient.isComplete(Self.response(chunks: "zz\r\n")))
        #expect(IPPClient.isComplete(Self.response(chunks: "3\r\nabcX")))
    }

    @Test func aNegativeContentLengthIsCompleteAndItsStatusLineMustBeThreeDigits() {
        let negative = Array("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n".utf8)
        #expect(IPPClient.isComplete(negative))
        #expect(IPPClient.httpBody(Array("HTTP/1.1 -200 OK\r\n\r\n".utf8)) == nil)
        #expect(IPPClient.httpBody(Array("HTTP/1.1 99999999999999999999 OK\r\n\r\n".utf8)) == nil)
    }

    @Test func anAttributeTooLongForItsSixteenBitLengthIsATypedErrorNotATrap() throws {
        let uri = "ipp://printer.example/" + String(repeating: "p", count: 70_000)
        let request = IPPMessage.request(0x000B, id: 1, printerURI: uri, [])
        #expect(throws: PrintingError.self) { try request.encoded() }
        let short = IPPMessage.request(0x000B, id: 1, printerURI: "ipp://printer.example/ipp/print", [])
        let decoded = try #require(IPPMessage(decoding: try short.encoded()))
        #expect(decoded.attribute("printer-uri").first?.string == "ipp://printer.example/ipp/print")
    }

    static func hostStatus(formats: String, remaining: String) -> [UInt8] {
        func line(_ text: String) -> [UInt8] { [0x02] + Array(text.utf8) + [0x03, 0x0D, 0x0A] }
        return line("030,0,0,0812,\(formats),0,0,0,000,0,0,0") + line("000,0,0,0,1,2,6,0,\(remaining),1,000")
            + line("1234,0")
    }

    @Test(arguments: [
        ("-01", "00000000"), ("000", "-0000001"), ("9223372036854775807", "00000000"),
        ("000", "9223372036854775807"), ("+01", "00000000"), (" 01", "00000000"), ("", "00000000"),
    ])
    func negativeOrHugeHostStatusCountsAreNotAnAnswer(formats: String, remaining: String) {
        #expect(ZPLHostStatus(answer: Self.hostStatus(formats: formats, remaining: remaining)) == nil)
    }

    @Test func aGenuineHostStatusCountsWhatThePrinterHolds() throws {
        let status = try #require(ZPLHostStatus(answer: Self.hostStatus(formats: "002", remaining: "00000003")))
        #expect(status.pending == 5)
        #expect(status.faults.isEmpty)
    }
}
