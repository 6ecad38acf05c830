import CZXing
import Gate

/// Reads barcodes from pixels with zxing-cpp, an implementation independent of libzint (the encoder).
///
/// zxing-cpp 1.4 finds a Data Matrix only where the image's centre lines cross it, so callers decode each symbol's
/// region separately.
public struct IndependentDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Every symbol zxing-cpp reads in the region, as (AIM identifier, bytes).
    public func decode(_ image: MonochromeImage, region: (x: Int, y: Int, width: Int, height: Int))
        -> [(aim: String, bytes: [UInt8])]
    {
        let x = max(0, region.x), y = max(0, region.y)
        let width = min(image.width - x, region.width), height = min(image.height - y, region.height)
        guard width > 0, height > 0 else { return [] }
        let grey = image.grey(x: x, y: y, width: width, height: height)
        var symbols = [lg_zxing_symbol](repeating: lg_zxing_symbol(), count: 8)
        let count = grey.withUnsafeBufferPointer { pixels in
            symbols.withUnsafeMutableBufferPointer { out in
                lg_zxing_read(pixels.baseAddress, Int32(width), Int32(height), Int32(width), 1, out.baseAddress, 8)
            }
        }
        guard count > 0 else { return [] }
        defer { lg_zxing_free(&symbols, count) }
        return symbols.prefix(Int(count)).map { symbol in
            let aim = withUnsafeBytes(of: symbol.symbology_identifier) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            let bytes = symbol.bytes.map { Array(UnsafeBufferPointer(start: $0, count: symbol.length)) } ?? []
            return (aim, bytes)
        }
    }
}
