/// An ISBT 128 Donation Identification Number (data structure 001, `=αppppyynnnnnnff`, ST-001 §2.4.1).
///
/// The 13-character DIN (`αppppyynnnnnn`) is the globally unique part; the flags are carried alongside.
/// Equality compares flags too: compare `identifier` when only the donation matters.
public struct DIN: Hashable, Sendable {
    /// The 13-character DIN `αppppyynnnnnn`, without `=` and without flags.
    ///
    /// Stored whole (the parts below are cut from it): labels, hashes and verdicts use it on every verification.
    public let identifier: String
    /// The facility identification number `αpppp` (5 characters).
    public var facility: String { ISBTASCII.string(identifier.utf8.prefix(5)) }
    /// The last two digits of the nominal year of assignment.
    public var year: String { ISBTASCII.string(identifier.utf8.dropFirst(5).prefix(2)) }
    /// The six-digit sequence number within the year for the facility.
    public var sequence: String { ISBTASCII.string(identifier.utf8.dropFirst(7)) }
    /// The flag characters that accompany the DIN in its data structure.
    public private(set) var flags: DINFlags
    /// The MOD 37-2 keyboard-entry check character K of the 13-character DIN.
    public let checkCharacter: Character
    /// The MOD 37-2 check value (0...36) of the 13-character DIN.
    public let checkValue: Int

    /// The name used in error reasons.
    static let what = "DIN"

    /// Parses a 13-character DIN and attaches `flags`.
    ///
    /// Throws `.badFlag` for flags that cannot be encoded and `.badCheckCharacter` for a type-3 check flag that
    /// disagrees with the DIN.
    public init(identifier: some StringProtocol, flags: DINFlags = .notUsed) throws(ISBT128Error) {
        self = try ISBTInput.withUTF8(identifier) { bytes throws(ISBT128Error) in
            try DIN(identifierUTF8: bytes, flags: flags)
        }
    }

    /// Parses a 13-character DIN given as UTF-8 bytes (a ledger text column, read in place) and attaches `flags`.
    ///
    /// The same checks, in the same order and with the same errors, as ``init(identifier:flags:)``.
    package init(identifierUTF8 bytes: UnsafeBufferPointer<UInt8>, flags: DINFlags = .notUsed) throws(ISBT128Error) {
        // The checks of `ISBTInput.fixedLength`, on the bytes in place rather than on a copy.
        try ISBTInput.checkPrintable(bytes, what: Self.what)
        try ISBTInput.checkLength(bytes, 13, what: Self.what)
        try self.init(identifierBytes: bytes, flags: flags)
    }

    /// Parses the full data structure `=αppppyynnnnnnff` (16 characters including `=`).
    public init(dataStructure: some StringProtocol) throws(ISBT128Error) {
        let bytes = try ISBTInput.printableBytes(dataStructure, what: "DIN data structure")
        guard bytes.first == ISBTASCII.equals else {
            throw .invalidContent("DIN data structure", "it must start with the data identifier \"=\".")
        }
        let content = bytes.dropFirst()
        try ISBTInput.checkLength(content, 15, what: "DIN data structure content")
        try self.init(content: content)
    }

    /// Parses the 15 content characters `αppppyynnnnnnff` (internal form used by the splitter).
    init(content: ArraySlice<UInt8>) throws(ISBT128Error) {
        try ISBTInput.checkLength(content, 15, what: "DIN data structure content")
        let flags = try DINFlags(bytes: content.dropFirst(13))
        try self.init(identifierBytes: content.prefix(13), flags: flags)
    }

    private init(identifierBytes bytes: some Collection<UInt8>, flags: DINFlags) throws(ISBT128Error) {
        try ISBTInput.checkLength(bytes, 13, what: Self.what)
        try ISBTFieldRules.checkFacilityYearSequence(bytes, offset: 0, alphanumericSequence: false, what: Self.what)
        let value = try ISO7064Mod37_2.checkValue(bytes: bytes)
        guard flags.isEncodable else { throw .badFlag("\(flags) has no two-character encoding.") }
        if case .checkValue(let carried) = flags, carried != value {
            throw .badCheckFlag(expected: DINFlags.checkValue(value).encoded, found: flags.encoded)
        }
        identifier = ISBTASCII.string(bytes)
        self.flags = flags
        checkValue = value
        checkCharacter = try ISO7064Mod37_2.character(forValue: value)
    }

    /// Verifies manual keyboard entry of the 13-character DIN followed by its check character K (14 characters).
    ///
    /// Entry must already be uppercase without spaces. Throws `.badCheckCharacter` when K does not match.
    public static func verifyKeyboardEntry(_ thirteenPlusK: some StringProtocol) throws(ISBT128Error) -> DIN {
        let bytes = try ISBTInput.fixedLength(thirteenPlusK, 14, what: "DIN keyboard entry")
        let din = try DIN(identifierBytes: bytes.prefix(13), flags: .notUsed)
        guard let last = bytes.last else { throw .empty("DIN keyboard entry") }
        let entered = Character(Unicode.Scalar(last))
        guard entered == din.checkCharacter else {
            throw .badCheckCharacter(expected: din.checkCharacter, found: entered)
        }
        return din
    }

    /// The eye-readable grouping such as `A9998 18 123456` (callers print K separately, in a box).
    public var humanReadable: String { "\(facility) \(year) \(sequence)" }

    /// The data structure `=` + 13 characters + 2 flag characters.
    public var dataStructure: String { "=" + identifier + flags.encoded }

    /// Returns this DIN with other flags.
    ///
    /// A type-3 flag is always recomputed from this DIN, whatever value it carries, and flags that are not
    /// `isEncodable` become `.notUsed`. Use `init(identifier:flags:)` to have such flags rejected instead.
    public func with(flags newFlags: DINFlags) -> DIN {
        var copy = self
        switch newFlags {
        case .checkValue: copy.flags = .checkValue(checkValue)
        default: copy.flags = newFlags.isEncodable ? newFlags : .notUsed
        }
        return copy
    }
}
