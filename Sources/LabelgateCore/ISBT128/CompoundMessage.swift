/// An ISBT 128 Compound Message header (data structure 023, `=+aabbb`, ST-001 §2.4.23).
///
/// `aa` is how many data structures follow (1...99) and `bbb` a sequence identifier from RT017, or `000` when
/// the structures come in no defined order.
public struct CompoundMessage: Hashable, Sendable {
    /// The data identifier of data structure 023.
    public static let dataIdentifier = "=+"

    /// The number of data structures that follow the header, 1...99.
    public let count: Int
    /// The three-digit sequence identifier; `000` means the order is undefined.
    public let sequenceID: String

    static let what = "Compound Message"

    /// Creates a header for `count` structures (1...99) with a three-digit `sequenceID`.
    public init(count: Int, sequenceID: String = "000") throws(ISBT128Error) {
        guard (1...99).contains(count) else {
            throw .invalidContent(Self.what, "the structure count must be 1...99, not \(count).")
        }
        let idBytes = Array(sequenceID.utf8)
        guard idBytes.count == 3, idBytes.allSatisfy(ISBTASCII.isDigit) else {
            throw .invalidContent(Self.what, "the sequence identifier must be three digits.")
        }
        self.count = count
        self.sequenceID = sequenceID
    }

    /// Parses the 5 content characters `aabbb`.
    public init(content: some StringProtocol) throws(ISBT128Error) {
        try self.init(contentBytes: ISBTInput.printableBytes(content, what: Self.what))
    }

    /// Parses the full data structure `=+aabbb` (7 characters).
    public init(dataStructure: some StringProtocol) throws(ISBT128Error) {
        let content = try ISBTInput.content(
            ofDataStructure: dataStructure, identifier: Self.dataIdentifier, length: 5, what: Self.what)
        try self.init(contentBytes: content)
    }

    /// Parses 5 content bytes (internal form used by the splitter).
    init(contentBytes bytes: some Collection<UInt8>) throws(ISBT128Error) {
        try ISBTInput.checkLength(bytes, 5, what: Self.what)
        for (index, byte) in bytes.enumerated() where !ISBTASCII.isDigit(byte) {
            throw .invalidContent(Self.what, character: byte, at: index + 1, expected: "a digit")
        }
        guard let count = ISBTASCII.number(bytes.prefix(2)) else {
            throw .invalidContent(Self.what, "the structure count must be two digits.")
        }
        try self.init(count: count, sequenceID: ISBTASCII.string(bytes.dropFirst(2)))
    }

    /// Whether the structures follow in no defined order (`bbb` = `000`).
    public var isOrderUndefined: Bool { sequenceID == "000" }

    /// The 5 content characters `aabbb`.
    public var content: String { (count < 10 ? "0\(count)" : "\(count)") + sequenceID }

    /// The data structure `=+` + content.
    public var dataStructure: String { Self.dataIdentifier + content }
}
