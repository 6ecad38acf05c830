/// An AIM symbology identifier (ISO/IEC 15424) such as `]d2`, which scanners prepend to decoded data.
///
/// It is the flag character `]`, a symbology letter and one modifier character.
public struct AIMIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The symbology letter after `]`, for example `d` for Data Matrix or `C` for Code 128.
    public let symbology: Character
    /// The modifier character, for example `2` in `]d2`.
    public let modifier: Character

    /// Creates an identifier from its symbology and modifier; both must be ASCII letters or digits.
    public init(symbology: Character, modifier: Character) throws(AIMError) {
        guard let sym = symbology.asciiValue, AIMIdentifier.isAlphanumeric(sym) else {
            throw AIMError.malformed("the symbology character must be an ASCII letter or digit")
        }
        guard let mod = modifier.asciiValue, AIMIdentifier.isAlphanumeric(mod) else {
            throw AIMError.malformed("the modifier character must be an ASCII letter or digit")
        }
        self.symbology = symbology
        self.modifier = modifier
    }

    /// Parses the three-character text form, for example `"]C1"`.
    public init(_ text: some StringProtocol) throws(AIMError) {
        // Read the three bytes in place (no copy of the text); the checks and errors are those of `read(_:)`.
        let utf8 = text.utf8
        guard utf8.count == 3 else {
            throw AIMError.malformed("expected exactly three characters such as ]C1, got \(min(utf8.count, 99))")
        }
        var bytes = utf8.makeIterator()
        guard bytes.next() == 0x5D, let sym = bytes.next(), let mod = bytes.next() else {
            throw AIMError.malformed("an identifier starts with ']'")
        }
        self = try AIMIdentifier.checked(symbology: sym, modifier: mod)
    }

    /// The text form, for example `"]d2"`.
    public var description: String { "]\(symbology)\(modifier)" }

    /// The three bytes the scanner transmits.
    public var bytes: [UInt8] { Array(description.utf8) }

    /// Splits a scan into its AIM identifier and the data after it.
    ///
    /// When the scan starts with `]`, the first three bytes must be `]`, an alphanumeric symbology and an
    /// alphanumeric modifier (else `.malformed`). When it does not, nil and the unchanged bytes are returned.
    public static func split(_ bytes: [UInt8]) throws(AIMError) -> (AIMIdentifier?, [UInt8]) {
        guard let (identifier, rest) = try read(bytes) else { return (nil, bytes) }
        return (identifier, rest)
    }

    /// Like ``split(_:)`` but throws `.missing` when the scan has no identifier.
    public static func requireSplit(_ bytes: [UInt8]) throws(AIMError) -> (AIMIdentifier, [UInt8]) {
        guard let (identifier, rest) = try read(bytes) else { throw AIMError.missing() }
        return (identifier, rest)
    }

    /// Reads a leading identifier; nil when the data does not start with `]`.
    static func read(_ bytes: [UInt8]) throws(AIMError) -> (AIMIdentifier, [UInt8])? {
        guard bytes.first == 0x5D else { return nil }
        guard bytes.count >= 3 else {
            throw AIMError.malformed("']' must be followed by a symbology and a modifier character")
        }
        let identifier = try checked(symbology: bytes[1], modifier: bytes[2])
        return (identifier, Array(bytes.dropFirst(3)))
    }

    /// The identifier `]` + `symbology` + `modifier`, or `.malformed` when either is not an ASCII letter or digit.
    static func checked(symbology sym: UInt8, modifier mod: UInt8) throws(AIMError) -> AIMIdentifier {
        guard isAlphanumeric(sym) else {
            throw AIMError.malformed("the symbology character must be an ASCII letter or digit")
        }
        guard isAlphanumeric(mod) else {
            throw AIMError.malformed("the modifier character must be an ASCII letter or digit")
        }
        return AIMIdentifier(checkedSymbology: sym, modifier: mod)
    }

    /// Creates an identifier from bytes already checked to be ASCII alphanumerics.
    init(checkedSymbology symbology: UInt8, modifier: UInt8) {
        self.symbology = Character(UnicodeScalar(symbology))
        self.modifier = Character(UnicodeScalar(modifier))
    }

    /// Whether `byte` is an ASCII letter or digit.
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
