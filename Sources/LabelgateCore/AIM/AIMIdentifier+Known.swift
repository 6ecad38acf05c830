extension AIMIdentifier {
    /// Human-readable names of the identifiers a labelling station is likely to meet (ISO/IEC 15424).
    public static let knownNames: [String: String] = [
        "]A0": "Code 39",
        "]A1": "Code 39, check character validated and transmitted",
        "]A3": "Code 39, check character validated and stripped",
        "]A4": "Code 39, full ASCII",
        "]C0": "Code 128",
        "]C1": "GS1-128 (FNC1 in first position)",
        "]C2": "Code 128, FNC1 in second position",
        "]C4": "Code 128, ISBT 128 concatenation performed",
        "]d0": "Data Matrix ECC 000-140",
        "]d1": "Data Matrix ECC 200",
        "]d2": "GS1 DataMatrix (ECC 200, FNC1 in first position)",
        "]d3": "Data Matrix ECC 200, FNC1 in second position",
        "]d4": "Data Matrix ECC 200 with ECI",
        "]d5": "GS1 DataMatrix with ECI",
        "]d6": "Data Matrix ECC 200, FNC1 in second position, with ECI",
        "]E0": "EAN-13, UPC-A or UPC-E",
        "]E1": "EAN/UPC two-digit add-on",
        "]E2": "EAN/UPC five-digit add-on",
        "]E3": "EAN-13, UPC-A or UPC-E with add-on",
        "]E4": "EAN-8",
        "]e0": "GS1 DataBar",
        "]e1": "GS1 Composite, data after a symbol separator character",
        "]e2": "GS1 Composite, data after an escape mechanism character",
        "]e3": "GS1 Composite, reserved modifier",
        "]F0": "Codabar",
        "]G0": "Code 93",
        "]I0": "Interleaved 2 of 5",
        "]I1": "ITF-14 (Interleaved 2 of 5, check digit validated and transmitted)",
        "]J0": "DotCode",
        "]J1": "GS1 DotCode (FNC1 in first position)",
        "]L0": "PDF417",
        "]L1": "PDF417, extended channel interpretation",
        "]L2": "MicroPDF417",
        "]Q0": "QR Code model 1",
        "]Q1": "QR Code",
        "]Q2": "QR Code with ECI",
        "]Q3": "GS1 QR Code (FNC1 in first position)",
        "]Q4": "GS1 QR Code with ECI",
        "]Q5": "QR Code, FNC1 in second position",
        "]Q6": "QR Code, FNC1 in second position, with ECI",
        "]X0": "Other or unknown symbology",
        "]z0": "Aztec Code",
        "]z1": "Aztec Code, FNC1 in first position",
        "]z2": "Aztec Code, FNC1 in second position",
        "]z3": "Aztec Code with ECI",
        "]z4": "Aztec Code, FNC1 in first position, with ECI",
        "]z5": "Aztec Code, FNC1 in second position, with ECI",
        "]z6": "Aztec Code, structured append",
        "]zC": "Aztec Code, reader initialisation",
    ]

    /// The human-readable name of this identifier, or a generic description when it is not in ``knownNames``.
    public var name: String {
        AIMIdentifier.knownNames[description] ?? "Symbology '\(symbology)' with modifier '\(modifier)'"
    }

    /// Whether this identifier is listed in ``knownNames``.
    public var isKnown: Bool { AIMIdentifier.knownNames[description] != nil }
}
