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

/// A rendered symbol: one byte per module cell of its bitmap, 1 = dark, including its quiet zone.
public struct SymbolBitmap: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Row-major pixels, 1 = dark.
    public let pixels: [UInt8]
}
