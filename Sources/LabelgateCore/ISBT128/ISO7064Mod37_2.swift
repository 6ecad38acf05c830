/// ISO/IEC 7064 MOD 37-2, the ISBT 128 keyboard-entry check character (ST-001 Appendix A).
///
/// Input characters `0–9` have values 0–9 and `A–Z` have 10–35. The check value is
/// `c = (38 − Σ vᵢ·2ⁱ mod 37) mod 37`, with i the 1-based position from the right, and the check character
/// is `alphabet[c]` (so `*` stands for 36). ST-001 says MOD 37-2 is never used on data with lowercase letters.
public enum ISO7064Mod37_2 {
    /// The output alphabet: index `c` holds the check character for check value `c`.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*")

    /// Computes the check value (0...36) of `text`, which may contain only `0–9` and `A–Z`.
    public static func checkValue(for text: some StringProtocol) throws(ISBT128Error) -> Int {
        try checkValue(bytes: Array(text.utf8))
    }

    /// Computes the check character of `text`, which may contain only `0–9` and `A–Z`.
    public static func checkCharacter(for text: some StringProtocol) throws(ISBT128Error) -> Character {
        try character(forValue: checkValue(for: text))
    }

    /// Returns the check character for a check value in 0...36.
    public static func character(forValue value: Int) throws(ISBT128Error) -> Character {
        guard alphabet.indices.contains(value) else {
            throw .invalidContent("check value", "\(value) is outside 0...36.")
        }
        return alphabet[value]
    }

    /// Computes the check value of ASCII bytes (internal form used by the value types).
    static func checkValue(bytes: some Collection<UInt8>) throws(ISBT128Error) -> Int {
        guard !bytes.isEmpty else { throw .empty("check character input") }
        guard bytes.count <= ISBTInput.maximumLength else {
            throw .tooLong(length: bytes.count, limit: ISBTInput.maximumLength)
        }
        var sum = 0
        for (index, byte) in bytes.enumerated() {
            guard let value = inputValue(of: byte) else { throw .notInCheckAlphabet(byte, at: index + 1) }
            sum = ((sum + value) * 2) % 37
        }
        return (38 - sum) % 37
    }

    /// Computes the check character of ASCII bytes (internal form used by the value types).
    static func checkCharacter(bytes: some Collection<UInt8>) throws(ISBT128Error) -> Character {
        try character(forValue: checkValue(bytes: bytes))
    }

    /// The value of an input character: `0–9` → 0–9, `A–Z` → 10–35; anything else has none.
    static func inputValue(of byte: UInt8) -> Int? {
        if ISBTASCII.isDigit(byte) { return Int(byte) - 0x30 }
        if ISBTASCII.isUpper(byte) { return Int(byte) - 0x41 + 10 }
        return nil
    }
}
