import LabelgateCore

/// The gate's own comparison of a rendered label's read-back with what it verified.
enum ReadBackCheck {
    /// Nil when every symbol read back exactly as expected and the 2-D symbol is exactly the verified payload;
    /// otherwise what is wrong, in words.
    static func problem(in rendered: RenderedLabel, payload: EncodedPayload, claim: LabelClaim) -> String? {
        let matrix = rendered.symbols.filter { $0.expectedAIM == payload.aimIdentifier }
        guard matrix.count == 1, let symbol = matrix.first else {
            return "the label must carry exactly one \(payload.aimIdentifier) symbol, found \(matrix.count)"
        }
        guard symbol.expectedBytes == payload.bytes else {
            return "the renderer encoded something other than the verified payload"
        }
        let allowedLinear: Set<[UInt8]> = [
            Array(claim.din.dataStructure.utf8), Array(claim.productCode.dataStructure.utf8),
        ]
        for other in rendered.symbols where other.expectedAIM != payload.aimIdentifier {
            guard allowedLinear.contains(other.expectedBytes) else {
                return "a linear symbol carries data other than the label's DIN or product code"
            }
        }
        for (index, symbol) in rendered.symbols.enumerated() {
            let matches = symbol.decoded.filter { $0.aim == symbol.expectedAIM && $0.bytes == symbol.expectedBytes }
            guard matches.count == 1, symbol.decoded.count == 1 else {
                return symbol.decoded.isEmpty
                    ? "symbol \(index + 1) (\(symbol.expectedAIM)) could not be read back"
                    : "symbol \(index + 1) (\(symbol.expectedAIM)) reads back differently"
            }
        }
        return nil
    }
}
