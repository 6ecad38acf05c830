import Gate

/// ZPL for a rendered label: the whole label as one `^GF` graphic in ZPL's ASCII compression, `^PQ1` per serial.
public enum ZPLGraphic {
    /// `^XA … ^XZ` printing `image` once; `comment` (no `^` or `~`) goes into a `^FX` field for traceability.
    public static func label(_ image: MonochromeImage, comment: String? = nil) -> String {
        let total = image.bytesPerRow * image.height
        let note = comment.map { "^FX" + $0.filter { $0 != "^" && $0 != "~" } + "^FS" } ?? ""
        return "^XA\(note)^PW\(image.width)^LL\(image.height)^LH0,0^FO0,0^GFA,\(total),\(total),\(image.bytesPerRow),"
            + compressed(image) + "^FS^PQ1,0,1,N^XZ\n"
    }

    /// The image rows as hex with ZPL ASCII compression: `G`–`Y` repeat 1–19, `g`–`z` repeat 20–400,
    /// `,` fills the rest of a row with zeros, `:` repeats the previous row.
    public static func compressed(_ image: MonochromeImage) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(image.bits.count / 4)
        var hex = [UInt8](repeating: 0, count: image.bytesPerRow * 2)
        let perRow = image.bytesPerRow
        image.bits.withUnsafeBufferPointer { bits in
            for row in 0..<image.height {
                let start = row * perRow
                if row > 0, memcmpEqual(bits, start - perRow, start, perRow) {
                    out.append(UInt8(ascii: ":"))
                    continue
                }
                for index in 0..<perRow {
                    let byte = bits[start + index]
                    hex[2 * index] = digits[Int(byte >> 4)]
                    hex[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
                var length = hex.count
                while length > 0, hex[length - 1] == UInt8(ascii: "0") { length -= 1 }
                if (hex.count - length) % 2 == 1 { length += 1 }  // "," must start on a byte boundary
                runLength(hex, length, into: &out)
                if length < hex.count { out.append(UInt8(ascii: ",")) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let digits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func memcmpEqual(_ bits: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ count: Int) -> Bool {
        for offset in 0..<count where bits[a + offset] != bits[b + offset] { return false }
        return true
    }

    private static func runLength(_ hex: [UInt8], _ length: Int, into out: inout [UInt8]) {
        var index = 0
        while index < length {
            var count = 1
            while index + count < length, hex[index + count] == hex[index] { count += 1 }
            appendCount(count, into: &out)
            out.append(hex[index])
            index += count
        }
    }

    private static func appendCount(_ count: Int, into out: inout [UInt8]) {
        guard count > 1 else { return }
        var remaining = count
        while remaining > 400 {
            out.append(UInt8(ascii: "z"))
            remaining -= 400
        }
        let twenties = remaining / 20, ones = remaining % 20
        if twenties > 0 { out.append(UInt8(ascii: "g") + UInt8(twenties - 1)) }
        if ones > 0 { out.append(UInt8(ascii: "G") + UInt8(ones - 1)) }
    }
}
