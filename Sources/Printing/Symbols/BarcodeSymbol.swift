/// A barcode to draw: which symbology and exactly which data.
public struct BarcodeSymbol: Hashable, Sendable {
    /// The symbologies labelgate prints.
    public enum Symbology: String, Hashable, Sendable, Codable {
        /// Data Matrix ECC 200 with plain data (ISBT 128 compound data), read as `]d1`.
        case dataMatrix
        /// GS1 DataMatrix (FNC1 first, FNC1 separators), read as `]d2`.
        case gs1DataMatrix
        /// Code 128 (ISBT 128 linear DIN and product code), read as `]C0`.
        case code128
        /// GS1-128, read as `]C1`.
        case gs1_128
        /// QR Code, read as `]Q1`.
        case qr
    }

    /// The symbology.
    public var symbology: Symbology
    /// The data as a decoder transmits it (GS 0x1D between GS1 fields, no leading FNC1).
    public var data: [UInt8]
    /// For GS1 symbologies: the element string as `[AI]value…`, which libzint encodes with FNC1 separators.
    public var gs1Brackets: String?

    /// A symbol with plain data.
    public init(_ symbology: Symbology, data: [UInt8]) {
        self.symbology = symbology
        self.data = data
        self.gs1Brackets = nil
    }

    /// A GS1 symbol; `data` is the transmitted form the decoder must return.
    public init(gs1 symbology: Symbology, brackets: String, transmitted: [UInt8]) {
        self.symbology = symbology
        self.data = transmitted
        self.gs1Brackets = brackets
    }

    /// The AIM identifier a decoder reports for this symbol.
    public var expectedAIM: String {
        switch symbology {
        case .dataMatrix: return "]d1"
        case .gs1DataMatrix: return "]d2"
        case .code128: return "]C0"
        case .gs1_128: return "]C1"
        case .qr: return "]Q1"
        }
    }

    /// True for two-dimensional symbologies (square modules).
    public var isMatrix: Bool { symbology == .dataMatrix || symbology == .gs1DataMatrix || symbology == .qr }
}

/// A rendered symbol as packed 1-bit rows, including its quiet zone: `bytesPerRow` bytes per row, most significant
/// bit first, 1 = dark (the same layout as `MonochromeImage`, so drawing it is a row blit).
public struct SymbolBitmap: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Packed rows, 1 = dark; the bits after `width` in each row's last byte are 0.
    public let bits: [UInt8]
    /// Bytes per row (`ceil(width / 8)`).
    public var bytesPerRow: Int { (width + 7) / 8 }

    /// Creates a bitmap from packed rows.
    public init(width: Int, height: Int, bits: [UInt8]) {
        precondition(bits.count == (width + 7) / 8 * height, "packed rows do not match the size")
        self.width = width
        self.height = height
        self.bits = bits
    }

    /// True when the pixel at (x, y) is dark; false outside the bitmap.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height else { return false }
        return bits[y * bytesPerRow + (x >> 3)] & (0x80 >> UInt8(x & 7)) != 0
    }
}
