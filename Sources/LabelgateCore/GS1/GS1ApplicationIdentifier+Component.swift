extension GS1ApplicationIdentifier {
    /// One part of an AI value, such as `N6` with a date rule or an optional `X..16`.
    public struct Component: Hashable, Sendable {
        /// The characters this part may contain.
        public let characterSet: GS1CharacterSet
        /// The shortest length of this part.
        public let minLength: Int
        /// The longest length of this part.
        public let maxLength: Int
        /// Whether this part may be left out (only trailing parts are optional).
        public let isOptional: Bool
        /// The content rules checked on this part.
        public let rules: [Rule]

        /// Creates a component; lengths are clamped so that `1 <= minLength <= maxLength`.
        public init(characterSet: GS1CharacterSet, minLength: Int, maxLength: Int, isOptional: Bool = false,
                    rules: [Rule] = []) {
            let low = max(1, minLength)
            self.characterSet = characterSet
            self.minLength = low
            self.maxLength = max(low, maxLength)
            self.isOptional = isOptional
            self.rules = rules
        }

        /// Whether this part has one exact length.
        public var isFixedLength: Bool { minLength == maxLength }

        /// The GS1 format notation of this part, for example `N13` or `[X..16]`.
        public var format: String {
            let length = isFixedLength ? "\(maxLength)" : "..\(maxLength)"
            let body = "\(characterSet.formatLetter)\(length)"
            return isOptional ? "[\(body)]" : body
        }
    }

    /// A content rule checked on a component, named after the GS1 Syntax Dictionary linters.
    public enum Rule: String, Hashable, Sendable, CaseIterable {
        /// The component ends in a GS1 mod-10 check digit (`csum`).
        case checkDigit = "csum"
        /// `YYMMDD` where `DD` may be `00` (end of month).
        case yymmd0
        /// `YYMMDD` with a real day.
        case yymmdd
        /// `YYYYMMDD` with a real day.
        case yyyymmdd
        /// `HHMI`, 00:00 to 23:59.
        case hhmi
        /// `HH`, 00 to 23.
        case hh
        /// `MI`, 00 to 59.
        case mi
        /// `SS`, 00 to 59.
        case ss
        /// The digit `0`.
        case zero
        /// `0` (no) or `1` (yes).
        case yesno
        /// The character `-`.
        case hyphen
        /// Every `%` starts a valid percent-escape `%XX`.
        case percentEncoded = "pcenc"
        /// Not all zeros.
        case nonZero = "nonzero"
        /// No leading zero unless the value is `0` itself.
        case noZeroPrefix = "nozeroprefix"
        /// ISO/IEC 5218 sex code: 0, 1, 2 or 9.
        case iso5218
        /// Winding direction: 0, 1 or 9.
        case winding
        /// `NNDD` piece number `NN` of total `DD`, with `1 <= NN <= DD`.
        case pieceOfTotal = "pieceoftotal"

        /// The date or time layout this rule checks, if any (used to derive ``DateFormat``).
        var temporalLayout: String? {
            switch self {
            case .yymmd0, .yymmdd, .yyyymmdd, .hhmi, .hh: return rawValue
            default: return nil
            }
        }
    }
}
