/// An ordered, validated list of GS1 element strings: application identifiers with their values.
///
/// Every instance has passed validation: known AIs, no duplicates, correct lengths, character sets,
/// check digits and dates.
public struct GS1ElementString: Hashable, Sendable {
    /// One application identifier and its value, for example `(01)` `09506000134352`.
    public struct Element: Hashable, Sendable {
        /// The AI digits, for example `"01"`.
        public let ai: String
        /// The value as it is encoded, without separators.
        public let value: String

        /// Creates an element; it is validated when put into a ``GS1ElementString``.
        public init(ai: String, value: String) {
            self.ai = ai
            self.value = value
        }
    }

    /// The largest input, in bytes, the parsers accept.
    public static let maximumInputLength = 4096

    /// The elements in the order they were given or scanned.
    public let elements: [Element]

    /// Validates `elements` and keeps their order.
    ///
    /// Throws `.empty`, `.unknownAI`, `.duplicateAI`, `.invalidLength`, `.truncated`, `.invalidContent`,
    /// `.invalidCharacter` or `.badCheckDigit`.
    public init(_ elements: [Element]) throws(GS1Error) {
        guard !elements.isEmpty else { throw GS1Error.empty("element string") }
        var seen = Set<String>()
        var total = 0
        for element in elements {
            let ai = try Self.identifier(for: element.ai)
            guard seen.insert(ai.code).inserted else { throw GS1Error.duplicateAI(ai.code) }
            let value = Array(element.value.utf8)
            // Transmitted size: a separator follows every variable value but the last (hence the + 1 allowance).
            total += ai.code.utf8.count + value.count + (ai.isPredefinedLength ? 0 : 1)
            guard total <= Self.maximumInputLength + 1 else {
                throw GS1Error.tooLong(count: total, limit: Self.maximumInputLength)
            }
            try GS1ASCII.checkPrintable(value, allowGS: false)
            try GS1ValueValidator.validate(value[...], for: ai)
        }
        self.elements = elements
    }

    /// Wraps elements that `parse(_:)` has already checked one by one as it read them.
    ///
    /// `parse(_:)` applies every rule of `init(_:)` while reading (known AIs, no duplicates, printable values
    /// without separators, `GS1ValueValidator` on each value, input of at most `maximumInputLength` bytes), so
    /// running `init(_:)` again could not fail and would only repeat the work.
    init(parsedElements elements: [Element]) {
        self.elements = elements
    }

    /// The value of `ai`, or nil when the element string does not hold it.
    public subscript(ai: String) -> String? {
        elements.first { $0.ai == ai }?.value
    }

    /// The human-readable interpretation, for example `(01)09506000134352(10)ABC`.
    ///
    /// Values are shown as encoded; a `(` inside a value is written `\(` so that
    /// ``parse(humanReadable:)`` reads the text back unchanged.
    public var humanReadable: String {
        elements.map { element in
            "(\(element.ai))" + element.value.flatMap { $0 == "(" ? ["\\", "("] : [$0] }
        }.joined()
    }

    /// The bytes a scanner transmits for these elements (no leading FNC1).
    ///
    /// A `separator` (GS by default) follows every value whose AI is not of predefined length, except the last.
    public func transmitted(separator: UInt8 = 0x1D) -> [UInt8] {
        var out: [UInt8] = []
        for (index, element) in elements.enumerated() {
            out.append(contentsOf: element.ai.utf8)
            out.append(contentsOf: element.value.utf8)
            let isLast = index == elements.count - 1
            let predefined = GS1ApplicationIdentifier.lookup(element.ai)?.isPredefinedLength ?? false
            if !isLast && !predefined { out.append(separator) }
        }
        return out
    }

    /// The transmitted form with FNC1 in first position written as a leading GS, as some decoders report it.
    public func transmittedWithLeadingFNC1(separator: UInt8 = 0x1D) -> [UInt8] {
        [GS1ASCII.groupSeparator] + transmitted(separator: separator)
    }

    /// The table entry for `code`, or `.unknownAI`.
    static func identifier(for code: String) throws(GS1Error) -> GS1ApplicationIdentifier {
        guard let ai = GS1ApplicationIdentifier.lookup(code) else { throw GS1Error.unknownAI(code) }
        return ai
    }
}
