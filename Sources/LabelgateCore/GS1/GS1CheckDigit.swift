/// The GS1 mod-10 check digit used by GTIN, SSCC, GLN, GSRN, GRAI and friends.
///
/// Weights 3, 1, 3, 1, … are applied from the rightmost data digit; the check digit is
/// `(10 - (sum mod 10)) mod 10`.
public enum GS1CheckDigit {
    /// Computes the check digit for `digits` (the data digits without their check digit).
    ///
    /// Throws `.empty` for no digits and `.invalidContent` for a non-digit character.
    public static func compute(for digits: some StringProtocol) throws(GS1Error) -> Character {
        let bytes = Array(digits.utf8)
        guard !bytes.isEmpty else { throw GS1Error.empty("number to check") }
        guard let digit = checkDigit(for: bytes) else {
            throw GS1Error.invalidContent(ai: nil, "a check digit can only be computed over digits 0-9")
        }
        return Character(UnicodeScalar(digit))
    }

    /// Whether the last digit of `digitsWithCheck` is the correct check digit for the digits before it.
    ///
    /// Returns false for fewer than two characters or any non-digit.
    public static func isValid(_ digitsWithCheck: some StringProtocol) -> Bool {
        isValid(bytes: Array(digitsWithCheck.utf8))
    }

    /// Byte-level form of ``isValid(_:)``.
    static func isValid(bytes: some BidirectionalCollection<UInt8>) -> Bool {
        guard bytes.count >= 2, let last = bytes.last else { return false }
        guard let expected = checkDigit(for: bytes.dropLast()) else { return false }
        return expected == last
    }

    /// The ASCII check digit for data digits, or nil when a byte is not a digit or there are none.
    static func checkDigit(for data: some BidirectionalCollection<UInt8>) -> UInt8? {
        guard !data.isEmpty else { return nil }
        var sum = 0
        var weight = 3
        for byte in data.reversed() {
            guard GS1ASCII.isDigit(byte) else { return nil }
            sum = (sum + Int(byte - 0x30) * weight) % 10
            weight = weight == 3 ? 1 : 3
        }
        return UInt8((10 - sum) % 10) + 0x30
    }
}
