/// An ISBT 128 Product Code (data structure 003, `=<αooootds`, ST-001 §2.4.3).
///
/// `αoooo` is the Product Description Code (α = `S` for cellular therapy), `t` the type of collection for the
/// families that define one, and `ds` the division code (`00` = undivided, `99` = see data structure 032).
public struct ProductCode: Hashable, Sendable {
    /// The data identifier of data structure 003.
    public static let dataIdentifier = "=<"

    /// The 8 content characters `αooootds`.
    ///
    /// Stored whole (the parts are cut from it): labels, hashes and verdicts use it on every verification.
    public let content: String
    /// The product description code `αoooo` (5 characters).
    public var descriptionCode: String { ISBTASCII.string(content.utf8.prefix(5)) }
    /// The type-of-collection character `t` (for α in E, F, H, S, P, X0, Y; otherwise part of a pack code).
    public let collectionType: Character
    /// The two division characters `ds`.
    public var divisions: String { ISBTASCII.string(content.utf8.dropFirst(6)) }

    static let what = "Product Code"

    /// Parses the 8 content characters `αooootds`.
    ///
    /// Rules (ST-001 Table 2 and §2.4.3): α is `A–Z`; `oooo` is `A–Z` or `0–9` (digits in current use, letters
    /// occur in clinical-trial codes such as `YA000`); `t` is `A–Z`, `a–z` or `0–9`; `d` is `A–Z` or `0–9`;
    /// `s` is `a–z` or `0–9`.
    public init(content: some StringProtocol) throws(ISBT128Error) {
        self = try ISBTInput.withUTF8(content) { bytes throws(ISBT128Error) in try ProductCode(contentUTF8: bytes) }
    }

    /// Parses the 8 content characters given as UTF-8 bytes (a ledger text column, read in place).
    ///
    /// The same checks, in the same order and with the same errors, as ``init(content:)``.
    package init(contentUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(ISBT128Error) {
        // The check of `ISBTInput.printableBytes`, on the bytes in place rather than on a copy.
        try ISBTInput.checkPrintable(bytes, what: Self.what)
        try self.init(contentBytes: bytes)
    }

    /// Parses the full data structure `=<αooootds` (10 characters).
    public init(dataStructure: some StringProtocol) throws(ISBT128Error) {
        let content = try ISBTInput.content(
            ofDataStructure: dataStructure, identifier: Self.dataIdentifier, length: 8, what: Self.what)
        try self.init(contentBytes: content)
    }

    /// Parses 8 content bytes (internal form used by the splitter).
    init(contentBytes bytes: some Collection<UInt8>) throws(ISBT128Error) {
        try ISBTInput.checkLength(bytes, 8, what: Self.what)
        for (index, byte) in bytes.enumerated() {
            let position = index + 1
            switch index {
            case 0:
                guard ISBTASCII.isUpper(byte) else {
                    throw .invalidContent(Self.what, character: byte, at: position, expected: "A-Z")
                }
            case 1...4, 6:
                guard ISBTASCII.isUpperAlphanumeric(byte) else {
                    throw .invalidContent(Self.what, character: byte, at: position, expected: "A-Z or 0-9")
                }
            case 5:
                guard ISBTASCII.isUpperAlphanumeric(byte) || ISBTASCII.isLower(byte) else {
                    throw .invalidContent(Self.what, character: byte, at: position, expected: "a letter or digit")
                }
            default:
                guard ISBTASCII.isDigit(byte) || ISBTASCII.isLower(byte) else {
                    throw .invalidContent(Self.what, character: byte, at: position, expected: "a-z or 0-9")
                }
            }
        }
        guard let typeByte = bytes.dropFirst(5).first else {
            throw .truncated(Self.what, expected: 8, found: bytes.count)
        }
        content = ISBTASCII.string(bytes)
        collectionType = Character(Unicode.Scalar(typeByte))
    }

    /// The data structure `=<` + content.
    public var dataStructure: String { Self.dataIdentifier + content }

    /// Whether this is a cellular therapy product (α = `S`).
    public var isCellularTherapy: Bool { descriptionCode.first == "S" }

    /// Whether `t` is a type-of-collection code for this product family (α in E, F, H, S, P, or X0…, Y…).
    public var hasCollectionType: Bool {
        let chars = Array(descriptionCode)
        guard let family = chars.first else { return false }
        switch family {
        case "E", "F", "H", "S", "P", "Y": return true
        case "X": return chars.dropFirst().first == "0"
        default: return false
        }
    }

    /// Whether the type of collection marks the product autologous: `A` (autologous, eligible for crossover),
    /// `1` (for autologous use only) or `X` (for autologous use only, biohazard). Only families whose `t` is a
    /// type of collection (see `hasCollectionType`) can be autologous.
    public var isAutologous: Bool {
        hasCollectionType && ["A", "1", "X"].contains(collectionType)
    }

    /// Whether the product is undivided (`ds` = `00`).
    public var isUndivided: Bool { divisions == "00" }
}
