import Gate

/// ZPL for a rendered label: the whole label as one `^GF` graphic in ZPL's ASCII compression, `^PQ1` per serial.
public enum ZPLGraphic {
    /// `^XA … ^XZ` printing `image` once.
    public static func label(_ image: MonochromeImage) -> String {
        let total = image.bytesPerRow * image.height
        return "^XA^PW\(image.width)^LL\(image.height)^LH0,0^FO0,0^GFA,\(total),\(total),\(image.bytesPerRow),"
            + compressed(image) + "^FS^PQ1,0,1,N^XZ\n"
    }

    /// The image rows as hex with ZPL ASCII compression: `G`–`Y` repeat 1–19, `g`–`z` repeat 20–400,
    /// `,` fills the rest of a row with zeros, `:` repeats the previous row.
    public static func compressed(_ image: MonochromeImage) -> String {
        var out = ""
        var previous: String?
        for row in 0..<image.height {
            let start = row * image.bytesPerRow
            var hex = Array(image.bits[start..<start + image.bytesPerRow].map(hexPair).joined())
            if let previous, previous == String(hex) {
                out += ":"
                continue
            }
            previous = String(hex)
            var trailingZeros = 0
            while trailingZeros < hex.count, hex[hex.count - 1 - trailingZeros] == "0" { trailingZeros += 1 }
            trailingZeros -= trailingZeros % 2  // "," must start on a byte boundary
            let fillsRow = trailingZeros > 0
            hex.removeLast(trailingZeros)
            out += runLength(hex)
            if fillsRow { out += "," }
        }
        return out
    }

    private static func hexPair(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    private static func runLength(_ hex: [Character]) -> String {
        var out = ""
        var index = 0
        while index < hex.count {
            var count = 1
            while index + count < hex.count, hex[index + count] == hex[index] { count += 1 }
            out += repeatCount(count) + String(hex[index])
            index += count
        }
        return out
    }

    private static func repeatCount(_ count: Int) -> String {
        guard count > 1 else { return "" }
        var remaining = count
        var out = ""
        while remaining > 400 {
            out += "z"
            remaining -= 400
        }
        let twenties = remaining / 20, ones = remaining % 20
        if twenties > 0 { out += String(UnicodeScalar(UInt8(ascii: "g") + UInt8(twenties - 1))) }
        if ones > 0 { out += String(UnicodeScalar(UInt8(ascii: "G") + UInt8(ones - 1))) }
        return out
    }
}
