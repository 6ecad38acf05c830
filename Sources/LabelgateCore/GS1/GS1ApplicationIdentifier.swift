/// Describes one GS1 application identifier (AI): its code, title and the format of its value.
///
/// Definitions follow the GS1 Barcode Syntax Dictionary. A value is made of one or more ``Component``s
/// applied in order; for example (7003) is `N6` (yymmdd) followed by `N4` (hhmi), and (8003) is `N1` (zero),
/// `N13` (with check digit) and an optional `X..16`.
public struct GS1ApplicationIdentifier: Hashable, Sendable {
    /// The AI digits, 2 to 4 of them, for example `"01"` or `"8018"`.
    public let code: String
    /// The short data title from the GS1 General Specifications, for example `"GTIN"`.
    public let title: String
    /// The parts of the value, applied in order.
    public let components: [Component]
    /// Whether the AI is in the GS1 table of predefined lengths, so no separator follows it when encoded.
    public let isPredefinedLength: Bool
    /// Whether the AI may appear as a data attribute in the query string of a GS1 Digital Link URI.
    public let isDigitalLinkAttribute: Bool
    /// When the AI is a Digital Link primary key: the allowed, ordered qualifier sequences (alternatives).
    ///
    /// `nil` means the AI is not a primary key; `[]` means a primary key without qualifiers; GTIN (01) has
    /// `[["22", "10", "21"], ["235"]]`.
    public let digitalLinkQualifiers: [[String]]?

    /// Creates a description from its parts; the codec's own table is reached through ``lookup(_:)``.
    public init(code: String, title: String, components: [Component], isPredefinedLength: Bool,
                isDigitalLinkAttribute: Bool, digitalLinkQualifiers: [[String]]?) {
        self.code = code
        self.title = title
        self.components = components
        self.isPredefinedLength = isPredefinedLength
        self.isDigitalLinkAttribute = isDigitalLinkAttribute
        self.digitalLinkQualifiers = digitalLinkQualifiers
    }

    /// The exact value length when every component is mandatory and of fixed length, else nil.
    public var fixedLength: Int? {
        var total = 0
        for component in components {
            guard component.isFixedLength, !component.isOptional else { return nil }
            total += component.maxLength
        }
        return total
    }

    /// The shortest valid value length.
    public var minLength: Int {
        components.filter { !$0.isOptional }.reduce(0) { $0 + $1.minLength }
    }

    /// The longest valid value length.
    public var maxLength: Int {
        components.reduce(0) { $0 + $1.maxLength }
    }

    /// The widest character set any part of the value may use (numeric when the whole value is digits).
    public var characterSet: GS1CharacterSet {
        components.first { $0.characterSet != .numeric }?.characterSet ?? .numeric
    }

    /// Whether part of the value carries a GS1 mod-10 check digit.
    public var hasCheckDigit: Bool { checkDigitRange != nil }

    /// The character offsets of the value that form a number ending in a mod-10 check digit.
    ///
    /// `0..<14` for GTIN (01), `0..<18` for SSCC and GSRN, `1..<14` for GRAI (8003, after the leading zero).
    public var checkDigitRange: Range<Int>? {
        var offset = 0
        for component in components {
            if component.rules.contains(.checkDigit) {
                return offset..<(offset + component.maxLength)
            }
            guard component.isFixedLength else { return nil }
            offset += component.maxLength
        }
        return nil
    }

    /// The date (and time) layout at the start of the value, when the AI carries one.
    public var dateFormat: DateFormat? {
        var layout = ""
        for component in components where !component.isOptional {
            let parts = component.rules.compactMap(\.temporalLayout)
            guard let part = parts.first else { break }
            layout += part
        }
        return DateFormat(rawValue: layout)
    }

    /// Whether this AI is a GS1 Digital Link primary key.
    public var isDigitalLinkPrimaryKey: Bool { digitalLinkQualifiers != nil }

    /// The GS1 format string of the value, for example `"N6 N4"` or `"N1 N13 [X..16]"`.
    public var format: String {
        components.map(\.format).joined(separator: " ")
    }
}

extension GS1ApplicationIdentifier {
    /// The date and time layouts used by GS1 date AIs.
    public enum DateFormat: String, Hashable, Sendable, CaseIterable {
        /// Year, month, day; day `00` means the last day of the month (11, 13, 15, 16, 17, …).
        case yymmd0
        /// Year, month, day with a real day (7006, 4326, …).
        case yymmdd
        /// Date and hours, minutes (7003 EXPIRY TIME).
        case yymmddhhmi
        /// Date (day 00 allowed) and hours, minutes (4324, 4325).
        case yymmd0hhmi
        /// Date and hour (8008, minutes and seconds optional).
        case yymmddhh
        /// Four-digit year, month, day (7250 DOB).
        case yyyymmdd
        /// Four-digit year, month, day, hours, minutes (7251 DOB TIME).
        case yyyymmddhhmi
    }

    /// Looks up an AI by its exact digits, for example `"01"` or `"7003"`; nil when unknown.
    public static func lookup(_ code: some StringProtocol) -> GS1ApplicationIdentifier? {
        guard code.utf8.count >= 2, code.utf8.count <= 4 else { return nil }
        return GS1ApplicationIdentifierTable.byCode[String(code)]
    }

    /// The length (2, 3 or 4) of the AI that starts `prefix`, from the GS1 table of AI prefixes.
    ///
    /// Only the first two digits are needed; nil when they are not digits or no AI starts with them.
    public static func aiLength(forPrefix prefix: some StringProtocol) -> Int? {
        aiLength(forPrefixBytes: Array(prefix.utf8.prefix(2)))
    }

    /// Reads the AI at the start of `text` (for example `"8018…"` gives (8018)); nil when none is known.
    public static func identify(atStartOf text: some StringProtocol) -> GS1ApplicationIdentifier? {
        let bytes = Array(text.utf8.prefix(4))
        guard let length = aiLength(forPrefixBytes: bytes), bytes.count >= length,
              GS1ASCII.allDigits(bytes.prefix(length)) else { return nil }
        return lookup(GS1ASCII.string(bytes.prefix(length)))
    }

    /// Byte form of ``aiLength(forPrefix:)``.
    static func aiLength(forPrefixBytes bytes: some Collection<UInt8>) -> Int? {
        let table = GS1ApplicationIdentifierTable.lengthByPrefix
        guard let pair = GS1ASCII.number(bytes.prefix(2)), bytes.count >= 2, table.indices.contains(pair) else {
            return nil
        }
        return table[pair]
    }
}
