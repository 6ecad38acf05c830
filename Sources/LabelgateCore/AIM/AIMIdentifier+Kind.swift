extension AIMIdentifier {
    /// The broad family of a symbology identifier, used to route a scan to the right parser.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// Code 128 without GS1 or ISBT meaning (]C0, ]C2).
        case code128
        /// GS1-128: Code 128 with FNC1 in first position (]C1).
        case gs1_128
        /// Code 128 with ISBT 128 concatenation performed (]C4).
        case isbtConcatenated
        /// Data Matrix without FNC1 in first position (]d0, ]d1, ]d3, ]d4, ]d6).
        case dataMatrix
        /// GS1 DataMatrix: FNC1 in first position (]d2, ]d5).
        case gs1DataMatrix
        /// QR Code without FNC1 in first position (]Q0–]Q2, ]Q5, ]Q6).
        case qr
        /// GS1 QR Code: FNC1 in first position (]Q3, ]Q4).
        case gs1QR
        /// EAN/UPC (]E0–]E4).
        case ean
        /// GS1 DataBar and GS1 Composite (]e0–]e3).
        case gs1DataBar
        /// Aztec Code (]z…).
        case aztec
        /// Any other symbology (Code 39, ITF, PDF417, DotCode, …).
        case other
    }

    /// The family of this identifier. Only the modifiers ISO/IEC 15424 assigns (those in ``knownNames``) belong to a
    /// family: anything else (`]d7`, `]dK`, `]C9`) is `.other`, which no route accepts (fail closed).
    public var kind: Kind {
        switch (symbology, modifier) {
        case ("C", "1"): return .gs1_128
        case ("C", "4"): return .isbtConcatenated
        case ("C", "0"), ("C", "2"): return .code128
        case ("d", "2"), ("d", "5"): return .gs1DataMatrix
        case ("d", "0"), ("d", "1"), ("d", "3"), ("d", "4"), ("d", "6"): return .dataMatrix
        case ("Q", "3"), ("Q", "4"): return .gs1QR
        case ("Q", "0"), ("Q", "1"), ("Q", "2"), ("Q", "5"), ("Q", "6"): return .qr
        case ("E", "0"), ("E", "1"), ("E", "2"), ("E", "3"), ("E", "4"): return .ean
        case ("e", "0"), ("e", "1"), ("e", "2"), ("e", "3"): return .gs1DataBar
        case ("z", "0"), ("z", "1"), ("z", "2"), ("z", "3"), ("z", "4"), ("z", "5"), ("z", "6"), ("z", "C"):
            return .aztec
        default: return .other
        }
    }

    /// Whether the data after this identifier is a GS1 element string (FNC1 in first position).
    ///
    /// True for ]C1 (GS1-128), ]d2 and ]d5 (GS1 DataMatrix), ]Q3 and ]Q4 (GS1 QR Code), ]e0–]e2
    /// (GS1 DataBar and Composite) and ]J1 (GS1 DotCode). EAN/UPC carry a bare GTIN, not an element string.
    public var impliesGS1: Bool {
        switch (symbology, modifier) {
        case ("C", "1"), ("d", "2"), ("d", "5"), ("Q", "3"), ("Q", "4"), ("e", "0"), ("e", "1"), ("e", "2"),
             ("J", "1"):
            return true
        default:
            return false
        }
    }

    /// Whether the data after this identifier is ISBT 128 concatenated data (]C4).
    public var impliesISBTConcatenation: Bool { symbology == "C" && modifier == "4" }
}
