/// An error raised while reading or building ISBT 128 data.
///
/// Equality and hashing use only `code`, so tests and callers can match on the kind of failure while the
/// `reason` stays free to explain it in words. Reasons name positions and, at most, a single offending
/// character or a data identifier; they never repeat whole scanned values.
public struct ISBT128Error: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable kind of ISBT 128 failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable identifier of this code, such as `"isbt.badCheckCharacter"`.
        public let rawValue: String

        /// Creates a code from its stable identifier.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The stable identifier of this code.
        public var description: String { rawValue }

        /// The input was empty.
        public static let empty = Code(rawValue: "isbt.empty")
        /// The input is longer than any ISBT 128 scan this codec accepts.
        public static let tooLong = Code(rawValue: "isbt.tooLong")
        /// The input holds a character outside printable ASCII (or outside the alphabet of a check algorithm).
        public static let invalidCharacter = Code(rawValue: "isbt.invalidCharacter")
        /// A data identifier is not one this codec knows the length of.
        public static let unknownDataIdentifier = Code(rawValue: "isbt.unknownDataIdentifier")
        /// A data structure ends before its content is complete.
        public static let truncated = Code(rawValue: "isbt.truncated")
        /// A data structure's content breaks that structure's rules.
        public static let invalidContent = Code(rawValue: "isbt.invalidContent")
        /// A check character or type-3 check flag does not match the data it protects.
        public static let badCheckCharacter = Code(rawValue: "isbt.badCheckCharacter")
        /// DIN flag characters are not a valid flag value.
        public static let badFlag = Code(rawValue: "isbt.badFlag")
        /// A compound message header disagrees with the structures that follow it, or is misplaced.
        public static let badCompoundMessage = Code(rawValue: "isbt.badCompoundMessage")
        /// Characters follow the end of a single data structure.
        public static let trailingData = Code(rawValue: "isbt.trailingData")
    }

    /// The kind of failure; the only part used for equality and hashing.
    public let code: Code
    /// A person-readable explanation of the failure.
    public let reason: String

    /// Creates an error from a code and a person-readable reason.
    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The code followed by the reason.
    public var description: String { "\(code.rawValue): \(reason)" }

    /// Compares two errors by code only.
    public static func == (lhs: ISBT128Error, rhs: ISBT128Error) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }

    /// Returns the same error with `context` put before the reason (the code is unchanged).
    func prefixed(_ context: String) -> ISBT128Error {
        ISBT128Error(code: code, reason: "\(context): \(reason)")
    }
}
