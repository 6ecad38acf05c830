/// Finds a JSON `\u0000` escape in a request body.
///
/// No field of the API means anything with a NUL in it, and the ledger cannot store one as it hashes it (SQLite's C
/// API reads text up to the first NUL): such a body is `api.malformed` before anything is decided or audited. A raw
/// NUL byte is not JSON at all and is refused by the decoders.
enum NulEscapeCheck {
    /// True when `bytes` hold `\u0000` as an escape (not an escaped backslash followed by `u0000`).
    static func containsEscapedNul(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            guard bytes[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            // An escape: `\` and one character, or `\u` and four hexadecimal digits.
            if index + 5 < count, bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] == UInt8(ascii: "0"),
                bytes[index + 3] == UInt8(ascii: "0"), bytes[index + 4] == UInt8(ascii: "0"),
                bytes[index + 5] == UInt8(ascii: "0")
            {
                return true
            }
            index += 2
        }
        return false
    }
}
