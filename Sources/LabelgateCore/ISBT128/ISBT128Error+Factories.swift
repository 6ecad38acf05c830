extension ISBT128Error {
    /// Makes an `.empty` error for the named kind of input.
    public static func empty(_ what: String) -> ISBT128Error {
        ISBT128Error(code: .empty, reason: "The \(what) is empty.")
    }

    /// Makes a `.tooLong` error for input of `length` bytes when at most `limit` are accepted.
    public static func tooLong(length: Int, limit: Int) -> ISBT128Error {
        ISBT128Error(code: .tooLong, reason: "The input is \(length) bytes long; at most \(limit) are accepted.")
    }

    /// Makes an `.invalidCharacter` error for the byte at 1-based `position` of the named input.
    public static func invalidCharacter(_ byte: UInt8, at position: Int, in what: String) -> ISBT128Error {
        ISBT128Error(
            code: .invalidCharacter,
            reason: "The \(what) has \(ISBTASCII.describe(byte)) at position \(position); "
                + "only printable ASCII characters are allowed.")
    }

    /// Makes an `.invalidCharacter` error for a character outside the ISO/IEC 7064 mod 37-2 input alphabet.
    public static func notInCheckAlphabet(_ byte: UInt8, at position: Int) -> ISBT128Error {
        ISBT128Error(
            code: .invalidCharacter,
            reason: "The check character input has \(ISBTASCII.describe(byte)) at position \(position); "
                + "only 0-9 and A-Z are allowed.")
    }

    /// Makes an `.unknownDataIdentifier` error for the data identifier `identifier` at 1-based `position`.
    public static func unknownDataIdentifier(_ identifier: String, at position: Int) -> ISBT128Error {
        ISBT128Error(
            code: .unknownDataIdentifier,
            reason: "No known ISBT 128 data structure starts with \"\(identifier)\" at position \(position).")
    }

    /// Makes an `.unknownDataIdentifier` error for data that does not start with `=` or `&`.
    public static func notADataIdentifier(_ byte: UInt8, at position: Int) -> ISBT128Error {
        ISBT128Error(
            code: .unknownDataIdentifier,
            reason: "Expected a data identifier starting with '=' or '&' at position \(position), "
                + "found \(ISBTASCII.describe(byte)).")
    }

    /// Makes a `.truncated` error: the named structure needs `expected` characters but only `found` remain.
    public static func truncated(_ what: String, expected: Int, found: Int) -> ISBT128Error {
        ISBT128Error(
            code: .truncated,
            reason: "The \(what) needs \(expected) characters but only \(found) are present.")
    }

    /// Makes an `.invalidContent` error explaining which rule of the named structure was broken.
    public static func invalidContent(_ what: String, _ detail: String) -> ISBT128Error {
        ISBT128Error(code: .invalidContent, reason: "The \(what) is not valid: \(detail)")
    }

    /// Makes an `.invalidContent` error for a character that is not allowed at a 1-based position.
    public static func invalidContent(
        _ what: String, character byte: UInt8, at position: Int, expected: String
    ) -> ISBT128Error {
        invalidContent(what, "position \(position) has \(ISBTASCII.describe(byte)) but must be \(expected).")
    }

    /// Makes a `.badCheckCharacter` error when the check character `found` differs from the computed `expected`.
    public static func badCheckCharacter(expected: Character, found: Character) -> ISBT128Error {
        ISBT128Error(
            code: .badCheckCharacter,
            reason: "The check character is '\(found)' but the data computes to '\(expected)'; "
                + "the identifier was probably mistyped or misread.")
    }

    /// Makes a `.badCheckCharacter` error when a type-3 DIN flag (60 + check value) disagrees with the DIN.
    public static func badCheckFlag(expected: String, found: String) -> ISBT128Error {
        ISBT128Error(
            code: .badCheckCharacter,
            reason: "The type-3 check flag is \(found) but the DIN computes to \(expected); "
                + "the DIN or its flags were corrupted.")
    }

    /// Makes a `.badFlag` error explaining why DIN flag characters are not acceptable.
    public static func badFlag(_ detail: String) -> ISBT128Error {
        ISBT128Error(code: .badFlag, reason: "The DIN flag characters are not valid: \(detail)")
    }

    /// Makes a `.badCompoundMessage` error explaining how a compound message is inconsistent.
    public static func badCompoundMessage(_ detail: String) -> ISBT128Error {
        ISBT128Error(code: .badCompoundMessage, reason: "The compound message is not valid: \(detail)")
    }

    /// Makes a `.trailingData` error: `extra` characters follow the end of the named structure.
    public static func trailingData(_ what: String, extra: Int) -> ISBT128Error {
        ISBT128Error(
            code: .trailingData,
            reason: "The \(what) is followed by \(extra) unexpected character\(extra == 1 ? "" : "s").")
    }
}
