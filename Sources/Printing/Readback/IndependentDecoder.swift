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
        return Self.collect(&symbols, count)
    }

    /// The fast read-back of one generated symbol, from the finished raster: only its region and its symbology, a
    /// plain threshold, no try-harder. First sampled at the module scale with zxing's pure-symbol detector: once per
    /// module (`step` dots) at the module centre for linear symbols, and twice per module in each direction (at a
    /// quarter and three quarters of the module) for 2-D symbols, whose pure detector in zxing-cpp 1.4 needs at least
    /// two pixels a module; if that reads nothing, the region at full resolution; then the full try-harder search.
    /// The region must start on a module boundary.
    public func decodeSymbol(
        _ image: MonochromeImage, region: (x: Int, y: Int, width: Int, height: Int), step: Int,
        symbology: BarcodeSymbol.Symbology
    ) -> [(aim: String, bytes: [UInt8])] {
        let mask: Int32
        let perModule: Int
        switch symbology {
        case .dataMatrix, .gs1DataMatrix: (mask, perModule) = (LG_ZXING_DATAMATRIX, 2)
        case .code128, .gs1_128: (mask, perModule) = (LG_ZXING_CODE128, 1)
        case .qr: (mask, perModule) = (LG_ZXING_QRCODE, 2)
        }
        let step = max(1, step)
        let sampled = Self.read(
            Self.sample(image, region: region, step: step, perModule: perModule), mask: mask, pure: true)
        if !sampled.isEmpty { return sampled }
        let full = Self.read(Self.sample(image, region: region, step: 1, perModule: 1), mask: mask, pure: false)
        if !full.isEmpty { return full }
        return decode(image, region: region)
    }

    /// The region sampled `perModule` times per module in each direction: module `m` (of `step` dots) at the dot
    /// offsets `(2k + 1) * step / (2 * perModule)` for k in 0..<perModule (the centre when `perModule` is 1), white
    /// outside the image.
    private static func sample(
        _ image: MonochromeImage, region: (x: Int, y: Int, width: Int, height: Int), step: Int, perModule: Int
    ) -> (grey: [UInt8], width: Int, height: Int) {
        let modulesWide = region.width / step, modulesHigh = region.height / step
        let width = modulesWide * perModule, height = modulesHigh * perModule
        guard width > 0, height > 0 else { return ([], 0, 0) }
        let offsets = (0..<width).map { column in
            region.x + (column / perModule) * step + (2 * (column % perModule) + 1) * step / (2 * perModule)
        }
        var grey = [UInt8](repeating: 255, count: width * height)
        let perRow = image.bytesPerRow
        image.bits.withUnsafeBufferPointer { bits in
            grey.withUnsafeMutableBufferPointer { out in
                offsets.withUnsafeBufferPointer { offsets in
                    for row in 0..<height {
                        let y = region.y + (row / perModule) * step + (2 * (row % perModule) + 1) * step / (2 * perModule)
                        guard y >= 0, y < image.height else { continue }
                        let line = y * perRow
                        for column in 0..<width {
                            let x = offsets[column]
                            guard x >= 0, x < image.width else { continue }
                            if bits[line + (x >> 3)] & (0x80 >> UInt8(x & 7)) != 0 { out[row * width + column] = 0 }
                        }
                    }
                }
            }
        }
        return (grey, width, height)
    }

    private static func read(_ sampled: (grey: [UInt8], width: Int, height: Int), mask: Int32, pure: Bool)
        -> [(aim: String, bytes: [UInt8])]
    {
        guard sampled.width > 0, sampled.height > 0 else { return [] }
        var symbols = [lg_zxing_symbol](repeating: lg_zxing_symbol(), count: 4)
        let count = sampled.grey.withUnsafeBufferPointer { pixels in
            symbols.withUnsafeMutableBufferPointer { out in
                lg_zxing_read_fast(
                    pixels.baseAddress, Int32(sampled.width), Int32(sampled.height), Int32(sampled.width), mask,
                    pure ? 1 : 0, out.baseAddress, 4)
            }
        }
        return collect(&symbols, count)
    }

    private static func collect(_ symbols: inout [lg_zxing_symbol], _ count: Int32) -> [(aim: String, bytes: [UInt8])] {
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
