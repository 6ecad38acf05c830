/// A typed failure raised by the GS1 codec (element strings, check digits, Digital Link).
///
/// Two errors are equal when their codes are equal; the reason is for people and may change.
public struct GS1Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable identifier for a kind of GS1 failure.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable text of the code, for example `"gs1.badCheckDigit"`.
        public let rawValue: String

        /// Creates a code from its stable text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The stable text of the code.
        public var description: String { rawValue }

        /// The input was empty.
        public static let empty = Code(rawValue: "gs1.empty")
        /// The input exceeded the size the codec accepts.
        public static let tooLong = Code(rawValue: "gs1.tooLong")
        /// The input held a byte that may not appear in GS1 data (control character, non-ASCII, invalid UTF-8).
        public static let invalidCharacter = Code(rawValue: "gs1.invalidCharacter")
        /// An application identifier is not known to the codec.
        public static let unknownAI = Code(rawValue: "gs1.unknownAI")
        /// The same application identifier appeared twice.
        public static let duplicateAI = Code(rawValue: "gs1.duplicateAI")
        /// A GS1 mod-10 check digit did not match.
        public static let badCheckDigit = Code(rawValue: "gs1.badCheckDigit")
        /// A value was shorter than its fixed length, or an application identifier was cut off.
        public static let truncated = Code(rawValue: "gs1.truncated")
        /// A value was empty or longer than its application identifier allows.
        public static let invalidLength = Code(rawValue: "gs1.invalidLength")
        /// A value broke its format (bad date, non-digit in a numeric field, bad base64url, ...).
        public static let invalidContent = Code(rawValue: "gs1.invalidContent")
        /// A GS1 Digital Link URI was malformed or broke the Digital Link rules.
        public static let badDigitalLink = Code(rawValue: "gs1.badDigitalLink")
    }

    /// What kind of failure this is.
    public let code: Code
    /// A sentence a person can act on; it never echoes long raw input.
    public let reason: String

    /// Creates an error from a code and a human-readable reason.
    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The code followed by the reason, for logs.
    public var description: String { "\(code.rawValue): \(reason)" }

    /// Errors compare by code only.
    public static func == (lhs: GS1Error, rhs: GS1Error) -> Bool { lhs.code == rhs.code }

    /// Errors hash by code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension GS1Error {
    /// The input was empty.
    public static func empty(_ what: String = "GS1 data") -> GS1Error {
        GS1Error(code: .empty, reason: "The \(what) is empty.")
    }

    /// The input is longer than the `limit` the codec accepts.
    public static func tooLong(count: Int, limit: Int) -> GS1Error {
        GS1Error(code: .tooLong, reason: "The input is \(count) bytes long; at most \(limit) bytes are accepted.")
    }

    /// A forbidden byte or character was found at `position` (0-based).
    public static func invalidCharacter(at position: Int, _ detail: String) -> GS1Error {
        GS1Error(code: .invalidCharacter, reason: "Position \(position): \(detail).")
    }

    /// The application identifier `ai` is not known.
    public static func unknownAI(_ ai: some StringProtocol) -> GS1Error {
        GS1Error(code: .unknownAI, reason: "Application identifier (\(GS1Error.clip(ai))) is not known.")
    }

    /// No application identifier could be read where one was expected.
    public static func unknownAI(at position: Int) -> GS1Error {
        GS1Error(code: .unknownAI,
                 reason: "Position \(position): expected a known application identifier (2 to 4 digits).")
    }

    /// The application identifier `ai` appears more than once.
    public static func duplicateAI(_ ai: some StringProtocol) -> GS1Error {
        GS1Error(code: .duplicateAI, reason: "Application identifier (\(GS1Error.clip(ai))) appears more than once.")
    }

    /// The check digit of the value of `ai` (or of a bare number when `ai` is nil) is wrong.
    public static func badCheckDigit(ai: String?) -> GS1Error {
        if let ai {
            let subject = "The check digit of (\(GS1Error.clip(ai)))"
            return GS1Error(code: .badCheckDigit, reason: "\(subject) is wrong; the number was misread or mistyped.")
        }
        return GS1Error(code: .badCheckDigit, reason: "The check digit is wrong; the number was misread or mistyped.")
    }

    /// The value of `ai` is shorter than its fixed length, or the identifier itself is cut off.
    public static func truncated(ai: String, _ detail: String) -> GS1Error {
        GS1Error(code: .truncated, reason: "(\(GS1Error.clip(ai))) is cut short: \(detail).")
    }

    /// The value of `ai` is empty or too long.
    public static func invalidLength(ai: String, _ detail: String) -> GS1Error {
        GS1Error(code: .invalidLength, reason: "(\(GS1Error.clip(ai))) has a wrong length: \(detail).")
    }

    /// The value of `ai` breaks its format.
    public static func invalidContent(ai: String?, _ detail: String) -> GS1Error {
        if let ai {
            return GS1Error(code: .invalidContent, reason: "(\(GS1Error.clip(ai))) \(detail).")
        }
        return GS1Error(code: .invalidContent, reason: detail.prefix(1).uppercased() + detail.dropFirst() + ".")
    }

    /// A GS1 Digital Link URI is malformed or breaks a Digital Link rule.
    public static func badDigitalLink(_ detail: String) -> GS1Error {
        GS1Error(code: .badDigitalLink, reason: "Not a valid GS1 Digital Link: \(detail).")
    }

    /// Keeps identifiers echoed in reasons short and printable.
    static func clip(_ text: some StringProtocol) -> String {
        let printable = text.unicodeScalars.prefix(8).map { scalar -> String in
            (0x21...0x7E).contains(scalar.value) ? String(scalar) : "?"
        }
        return printable.joined() + (text.unicodeScalars.count > 8 ? "…" : "")
    }
}
