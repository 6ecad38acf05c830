/// Position rules shared by identifiers built on a facility identification number (internal).
enum ISBTFieldRules {
    /// Checks the 13 characters `αppppyy` + six sequence characters of a DIN-shaped identifier.
    ///
    /// - Parameters:
    ///   - bytes: exactly 13 bytes.
    ///   - offset: added to 1-based positions in error reasons (so CoI positions count the leading `CH`).
    ///   - alphanumericSequence: whether the last six characters may be `A–Z` as well as digits.
    static func checkFacilityYearSequence(
        _ bytes: some Collection<UInt8>, offset: Int, alphanumericSequence: Bool, what: String
    ) throws(ISBT128Error) {
        for (index, byte) in bytes.enumerated() {
            let position = index + 1 + offset
            switch index {
            case 0:
                guard ISBTASCII.isFacilityLead(byte) else {
                    throw .invalidContent(what, character: byte, at: position, expected: "A-N, P-Z or 1-9")
                }
            case 1, 2:
                guard ISBTASCII.isFacilityMiddle(byte) else {
                    throw .invalidContent(what, character: byte, at: position, expected: "A-N, P-Z or 0-9")
                }
            case 3...6:
                guard ISBTASCII.isDigit(byte) else {
                    throw .invalidContent(what, character: byte, at: position, expected: "a digit")
                }
            default:
                if alphanumericSequence {
                    guard ISBTASCII.isUpperAlphanumeric(byte) else {
                        throw .invalidContent(what, character: byte, at: position, expected: "A-Z or 0-9")
                    }
                } else {
                    guard ISBTASCII.isDigit(byte) else {
                        throw .invalidContent(what, character: byte, at: position, expected: "a digit")
                    }
                }
            }
        }
    }
}
