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

    /// Copies a symbol bitmap with its top-left corner at (x, y), one dot per bitmap pixel (never scaled).
    mutating func draw(_ symbol: SymbolBitmap, x originX: Int, y originY: Int) {
        let perRow = bytesPerRow, imageWidth = width, imageHeight = height
        bits.withUnsafeMutableBufferPointer { bits in
            symbol.pixels.withUnsafeBufferPointer { pixels in
                for row in 0..<symbol.height {
                    let y = originY + row
                    guard y >= 0, y < imageHeight else { continue }
                    let base = row * symbol.width
                    for column in 0..<symbol.width where pixels[base + column] != 0 {
                        let x = originX + column
                        guard x >= 0, x < imageWidth else { continue }
                        bits[y * perRow + (x >> 3)] |= 0x80 >> UInt8(x & 7)
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
