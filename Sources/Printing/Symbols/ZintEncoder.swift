import CZint
import Glibc
import LabelgateCore

/// Encodes barcodes with libzint. The only code in labelgate that touches libzint.
///
/// One `zint_symbol` per call, never shared (libzint keeps no global state for raster output, but a symbol is not
/// safe to use from two threads). Warnings fail the call (`WARN_FAIL_ALL`); quiet zones are always added, since
/// libzint adds none by default.
public struct ZintEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// libzint's version number (for example 21101 for 2.11.1).
    public static var version: Int { Int(ZBarcode_Version()) }

    /// Renders `symbol` with `dotsPerModule` printer dots per module (X dimension), and `height` dots for linear
    /// symbols. Returns the bitmap including quiet zones.
    public func render(_ symbol: BarcodeSymbol, dotsPerModule: Int, linearHeight: Int = 0) throws(PrintingError)
        -> SymbolBitmap
    {
        guard dotsPerModule >= 1, dotsPerModule <= 40 else {
            throw PrintingError(.encoding, "module size must be 1–40 dots, got \(dotsPerModule)")
        }
        guard let zint = ZBarcode_Create() else { throw PrintingError(.encoding, "libzint could not allocate a symbol") }
        defer { ZBarcode_Delete(zint) }
        configure(zint, for: symbol, dotsPerModule: dotsPerModule, linearHeight: linearHeight)
        var input: [UInt8] = symbol.gs1Brackets.map { Array($0.utf8) } ?? symbol.data
        let status = input.withUnsafeMutableBufferPointer { buffer in
            ZBarcode_Encode_and_Buffer(zint, buffer.baseAddress, Int32(buffer.count), 0)
        }
        guard status == 0 else {
            let message = withUnsafeBytes(of: zint.pointee.errtxt) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw PrintingError(.encoding, "libzint \(symbol.symbology.rawValue) status \(status): \(message)")
        }
        let width = Int(zint.pointee.bitmap_width)
        let height = Int(zint.pointee.bitmap_height)
        guard width > 0, height > 0, let bitmap = zint.pointee.bitmap else {
            throw PrintingError(.encoding, "libzint returned an empty bitmap")
        }
        return Self.pack(UnsafeBufferPointer(start: bitmap, count: width * height), width: width, height: height)
    }

    /// Packs libzint's `OUT_BUFFER_INTERMEDIATE` bitmap (one byte per pixel, ASCII `'1'` = foreground) into 1-bit
    /// rows, MSB first. Eight pixels at a time: `'0'`/`'1'` differ only in bit 0, and one multiplication gathers the
    /// eight low bits into one byte; any other byte value takes the exact per-pixel path. A row equal to the previous
    /// one (every row of a linear symbol, every dot row of a matrix module) is copied.
    package static func pack(_ source: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> SymbolBitmap {
        let perRow = (width + 7) / 8
        let whole = width / 8
        let bits = [UInt8](unsafeUninitializedCapacity: perRow * height) { out, initialized in
            let raw = UnsafeRawPointer(source.baseAddress!)
            for y in 0..<height {
                let row = raw + y * width
                let target = out.baseAddress! + y * perRow
                if y > 0, memcmp(row, row - width, width) == 0 {
                    target.update(from: target - perRow, count: perRow)
                    continue
                }
                for index in 0..<whole {
                    let word = UInt64(littleEndian: row.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                    if word & 0xFEFE_FEFE_FEFE_FEFE == 0x3030_3030_3030_3030 {
                        target[index] = UInt8(truncatingIfNeeded: ((word & 0x0101_0101_0101_0101) &* 0x8040_2010_0804_0201) >> 56)
                    } else {
                        target[index] = slowByte(row + index * 8, count: 8)
                    }
                }
                if whole < perRow { target[whole] = slowByte(row + whole * 8, count: width - whole * 8) }
            }
            initialized = perRow * height
        }
        return SymbolBitmap(width: width, height: height, bits: bits)
    }

    private static func slowByte(_ pixels: UnsafeRawPointer, count: Int) -> UInt8 {
        var byte: UInt8 = 0
        for bit in 0..<count where pixels.load(fromByteOffset: bit, as: UInt8.self) == UInt8(ascii: "1") {
            byte |= 0x80 >> UInt8(bit)
        }
        return byte
    }

    func configure(
        _ zint: UnsafeMutablePointer<zint_symbol>, for symbol: BarcodeSymbol, dotsPerModule: Int, linearHeight: Int
    ) {
        switch symbol.symbology {
        case .dataMatrix, .gs1DataMatrix:
            zint.pointee.symbology = BARCODE_DATAMATRIX
            zint.pointee.option_3 = DM_SQUARE
        case .code128: zint.pointee.symbology = BARCODE_CODE128
        case .gs1_128: zint.pointee.symbology = BARCODE_GS1_128
        case .qr:
            zint.pointee.symbology = BARCODE_QRCODE
            zint.pointee.option_1 = 2  // ECC level M
        }
        zint.pointee.input_mode = symbol.gs1Brackets == nil ? DATA_MODE : GS1_MODE
        zint.pointee.warn_level = WARN_FAIL_ALL
        zint.pointee.output_options = BARCODE_QUIET_ZONES | OUT_BUFFER_INTERMEDIATE
        zint.pointee.show_hrt = 0
        // Raster X dimension is 2 × scale pixels.
        zint.pointee.scale = Float(dotsPerModule) / 2
        if !symbol.isMatrix, linearHeight > 0 {
            zint.pointee.height = Float(linearHeight) / Float(dotsPerModule)
        }
    }
}

extension ZintEncoder {
    /// Benchmark baseline: libzint's own encode + raster buffer of `symbol`, with nothing copied out.
    public func rawEncodeAndBuffer(_ symbol: BarcodeSymbol, dotsPerModule: Int, linearHeight: Int = 0) -> Bool {
        guard let zint = ZBarcode_Create() else { return false }
        defer { ZBarcode_Delete(zint) }
        configure(zint, for: symbol, dotsPerModule: dotsPerModule, linearHeight: linearHeight)
        var input: [UInt8] = symbol.gs1Brackets.map { Array($0.utf8) } ?? symbol.data
        return input.withUnsafeMutableBufferPointer { buffer in
            ZBarcode_Encode_and_Buffer(zint, buffer.baseAddress, Int32(buffer.count), 0)
        } == 0
    }
}
