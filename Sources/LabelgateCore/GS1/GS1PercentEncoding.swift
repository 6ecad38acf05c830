/// Percent-encoding as used by GS1 Digital Link URIs (RFC 3986) and the `pcenc` AI values.
enum GS1PercentEncoding {
    /// Whether `byte` is an RFC 3986 unreserved character, which is never escaped.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        GS1ASCII.isAlphanumeric(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    /// Escapes every byte of `text` that is not unreserved as `%XX` (upper-case hex).
    static func encode(_ text: some StringProtocol) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(0x25)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return GS1ASCII.string(out)
    }

    /// Decodes `%XX` escapes in `bytes`; nil when a `%` is not followed by two hex digits.
    static func decode(_ bytes: some Collection<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            guard byte == 0x25 else {
                out.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(GS1ASCII.hexValue),
                  let low = iterator.next().flatMap(GS1ASCII.hexValue) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    /// Whether every `%` in `bytes` starts a `%XX` escape.
    static func hasValidEscapes(_ bytes: some Collection<UInt8>) -> Bool {
        decode(bytes) != nil
    }
}
