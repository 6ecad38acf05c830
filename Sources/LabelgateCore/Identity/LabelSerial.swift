/// The ledger-allocated serial number of one physical label: ten decimal digits, never reused.
public struct LabelSerial: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Number of digits in the printed form.
    public static let digits = 10
    /// Largest serial the ten-digit form can carry.
    public static let maximum: UInt64 = 9_999_999_999
    /// The serial's value.
    public let value: UInt64

    /// Wraps a value; nil when it is zero or has more than ten digits.
    public init?(_ value: UInt64) {
        guard value > 0, value <= Self.maximum else { return nil }
        self.value = value
    }

    /// Parses exactly ten ASCII digits.
    public init?(text: some StringProtocol) {
        guard text.utf8.count == Self.digits, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let value = UInt64(text)
        else { return nil }
        self.init(value)
    }

    /// The ten-digit, zero-padded form that labels carry.
    public var text: String { String(value).leftPadded(to: Self.digits) }
    /// Same as `text`.
    public var description: String { text }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let serial = LabelSerial(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad serial"))
        }
        self = serial
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
