/// An ISBT 128 Chain of Identity identifier (data structure 040, `&/CHαppppyynnnnnn`, ST-001 §2.4.40, ST-028).
///
/// One CoI identifier is shared by every donation of a single patient therapy event; it does not replace the
/// DIN. `αpppp` is the facility identification number of the issuing organisation, `yy` the nominal year of
/// issue and `nnnnnn` an alphanumeric serial (`A–Z`, `0–9`).
public struct ChainOfIdentityID: Hashable, Sendable {
    /// Which characters the keyboard-entry check character K covers.
    ///
    /// ST-001 requires K when the CoI identifier is printed but does not say whether K covers the literal
    /// `CH`. Until that is confirmed against ST-028 / IG-050 the scope is a configuration choice, and
    /// `CheckScope.default` (`.excludingCH`, matching the DIN rule of K over 13 characters) is what the
    /// project uses. Both scopes are tested.
    public enum CheckScope: Hashable, Sendable {
        /// K over the 13 characters after `CH` (`αppppyynnnnnn`).
        case excludingCH
        /// K over all 15 content characters (`CHαppppyynnnnnn`).
        case includingCH

        /// The scope the project uses until ST-028 settles it: `.excludingCH`.
        public static let `default` = CheckScope.excludingCH
    }

    /// The data identifier of data structure 040.
    public static let dataIdentifier = "&/"

    /// The 15 content characters `CHαppppyynnnnnn`.
    ///
    /// Stored whole (the parts below are cut from it): labels, hashes and verdicts use it on every verification.
    public let content: String
    /// The facility identification number `αpppp` of the issuing organisation.
    public var facility: String { ISBTASCII.string(content.utf8.dropFirst(2).prefix(5)) }
    /// The two-digit nominal year of issue.
    public var year: String { ISBTASCII.string(content.utf8.dropFirst(7).prefix(2)) }
    /// The six-character alphanumeric serial `nnnnnn`.
    public var serial: String { ISBTASCII.string(content.utf8.dropFirst(9)) }
    private let checkExcludingCH: Character
    private let checkIncludingCH: Character

    static let what = "Chain of Identity identifier"
    /// The literal `CH` that starts the content.
    private static let prefixCH: [UInt8] = Array("CH".utf8)

    /// Parses the 15 content characters `CHαppppyynnnnnn`.
    public init(content: some StringProtocol) throws(ISBT128Error) {
        self = try ISBTInput.withUTF8(content) { bytes throws(ISBT128Error) in
            try ChainOfIdentityID(contentUTF8: bytes)
        }
    }

    /// Parses the 15 content characters given as UTF-8 bytes (a ledger text column, read in place).
    ///
    /// The same checks, in the same order and with the same errors, as ``init(content:)``.
    package init(contentUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(ISBT128Error) {
        // The check of `ISBTInput.printableBytes`, on the bytes in place rather than on a copy.
        try ISBTInput.checkPrintable(bytes, what: Self.what)
        try self.init(contentBytes: bytes)
    }

    /// Parses the full data structure `&/CHαppppyynnnnnn` (17 characters).
    public init(dataStructure: some StringProtocol) throws(ISBT128Error) {
        let content = try ISBTInput.content(
            ofDataStructure: dataStructure, identifier: Self.dataIdentifier, length: 15, what: Self.what)
        try self.init(contentBytes: content)
    }

    /// Parses 15 content bytes (internal form used by the splitter).
    init(contentBytes bytes: some Collection<UInt8>) throws(ISBT128Error) {
        try ISBTInput.checkLength(bytes, 15, what: Self.what)
        guard bytes.starts(with: Self.prefixCH) else {
            throw .invalidContent(Self.what, "the content must start with \"CH\".")
        }
        let body = bytes.dropFirst(2)
        try ISBTFieldRules.checkFacilityYearSequence(body, offset: 2, alphanumericSequence: true, what: Self.what)
        content = ISBTASCII.string(bytes)
        checkExcludingCH = try ISO7064Mod37_2.checkCharacter(bytes: body)
        checkIncludingCH = try ISO7064Mod37_2.checkCharacter(bytes: bytes)
    }

    /// Verifies manual entry of the 15 content characters followed by K, checked with `scope`.
    public static func verifyKeyboardEntry(
        _ contentPlusK: some StringProtocol, scope: CheckScope = .default
    ) throws(ISBT128Error) -> ChainOfIdentityID {
        let bytes = try ISBTInput.fixedLength(contentPlusK, 16, what: "\(what) keyboard entry")
        let coi = try ChainOfIdentityID(contentBytes: bytes.prefix(15))
        guard let last = bytes.last else { throw .empty("\(what) keyboard entry") }
        let entered = Character(Unicode.Scalar(last))
        let expected = coi.checkCharacter(scope: scope)
        guard entered == expected else { throw .badCheckCharacter(expected: expected, found: entered) }
        return coi
    }

    /// The data structure `&/` + content.
    public var dataStructure: String { Self.dataIdentifier + content }

    /// The eye-readable grouping such as `CH A9999 23 AB12CD` (callers print K separately, in a box).
    public var humanReadable: String { "CH \(facility) \(year) \(serial)" }

    /// The MOD 37-2 keyboard-entry check character K over the characters selected by `scope`.
    public func checkCharacter(scope: CheckScope = .default) -> Character {
        switch scope {
        case .excludingCH: return checkExcludingCH
        case .includingCH: return checkIncludingCH
        }
    }
}
