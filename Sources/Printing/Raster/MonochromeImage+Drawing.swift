import Gate

extension MonochromeImage {
    /// A white image of `width` × `height` dots.
    static func blank(width: Int, height: Int, dotsPerInch: Int) -> MonochromeImage {
        MonochromeImage(
            width: width, height: height, dotsPerInch: dotsPerInch,
            bits: [UInt8](repeating: 0, count: ((width + 7) / 8) * height))
    }

    /// True when the dot at (x, y) is black; false outside the image.
    func isBlack(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height else { return false }
        return bits[y * bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) != 0
    }

    /// Sets the dot at (x, y) black; dots outside the image are ignored.
    mutating func setBlack(x: Int, y: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        bits[y * bytesPerRow + x / 8] |= 0x80 >> UInt8(x % 8)
    }

    /// ORs a packed bitmap (a symbol, a text run) into the image with its top-left corner at (x, y), one dot per
    /// bitmap pixel (never scaled). Whole source bytes that land inside the image are shifted into place a byte at a
    /// time; the bytes at a clipped edge go dot by dot. Dots outside the image are ignored.
    package mutating func draw(_ symbol: SymbolBitmap, x originX: Int, y originY: Int) {
        let perRow = bytesPerRow, imageWidth = width, imageHeight = height
        let sourcePerRow = symbol.bytesPerRow, symbolWidth = symbol.width
        // Source bytes i in fullStart..<fullEnd put all eight dots inside 0..<imageWidth.
        let fullStart = min(sourcePerRow, originX >= 0 ? 0 : (7 - originX) / 8)
        let fullEnd = imageWidth - originX < 8 ? fullStart : max(fullStart, min(sourcePerRow, (imageWidth - originX) / 8))
        let shift = UInt8(originX & 7)
        bits.withUnsafeMutableBufferPointer { bits in
            symbol.bits.withUnsafeBufferPointer { source in
                func edge(_ index: Int, _ byte: UInt8, _ line: Int) {
                    for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) != 0 {
                        let column = index * 8 + bit
                        let x = originX + column
                        guard column < symbolWidth, x >= 0, x < imageWidth else { continue }
                        bits[line + (x >> 3)] |= 0x80 >> UInt8(x & 7)
                    }
                }
                for row in 0..<symbol.height {
                    let y = originY + row
                    guard y >= 0, y < imageHeight else { continue }
                    let line = y * perRow
                    let from = row * sourcePerRow
                    for index in 0..<fullStart where source[from + index] != 0 { edge(index, source[from + index], line) }
                    for index in fullStart..<fullEnd {
                        let byte = source[from + index]
                        guard byte != 0 else { continue }
                        let target = line + ((originX + index * 8) >> 3)
                        bits[target] |= byte >> shift
                        // Non-zero only for dots inside the image (this byte is whole inside), so in this row.
                        let spill = shift == 0 ? 0 : byte << (8 - shift)
                        if spill != 0 { bits[target + 1] |= spill }
                    }
                    for index in fullEnd..<sourcePerRow where source[from + index] != 0 {
                        edge(index, source[from + index], line)
                    }
                }
            }
        }
    }

    /// An 8-bit grey copy of a region (0 = black, 255 = white), for decoders.
    func grey(x: Int, y: Int, width regionWidth: Int, height regionHeight: Int) -> [UInt8] {
        var out = [UInt8](repeating: 255, count: regionWidth * regionHeight)
        for row in 0..<regionHeight {
            for column in 0..<regionWidth where isBlack(x: x + column, y: y + row) {
                out[row * regionWidth + column] = 0
            }
        }
        return out
    }
}

/// A rectangle in dots.
struct DotRect: Sendable, Equatable {
    var x, y, width, height: Int
}
