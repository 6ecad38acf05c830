/// A typed failure raised while reading an AIM symbology identifier (ISO/IEC 15424).
///
/// Two errors are equal when their codes are equal; the reason is for people and may change.
public struct AIMError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable identifier for a kind of AIM failure.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable text of the code, for example `"aim.malformed"`.
        public let rawValue: String

        /// Creates a code from its stable text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The stable text of the code.
        public var description: String { rawValue }

        /// The data starts with `]` but no valid three-character identifier follows.
        public static let malformed = Code(rawValue: "aim.malformed")
        /// An identifier was required but the data has none.
        public static let missing = Code(rawValue: "aim.missing")
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
    public static func == (lhs: AIMError, rhs: AIMError) -> Bool { lhs.code == rhs.code }

    /// Errors hash by code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The identifier is malformed; `detail` says how.
    public static func malformed(_ detail: String) -> AIMError {
        AIMError(code: .malformed, reason: "Malformed AIM symbology identifier: \(detail).")
    }

    /// The scan carries no AIM symbology identifier although one is required.
    public static func missing() -> AIMError {
        AIMError(code: .missing, reason: "The scan has no AIM symbology identifier; configure the scanner to send it.")
    }
}
