/// Splits a decoded ISBT 128 scan into its data structures.
///
/// Accepts a plain concatenation of structures (for example a Code 128 concatenated pair) or a compound
/// message: a `=+aabbb` header followed by exactly `aa` structures. The input must be the data only, with any
/// AIM symbology identifier already removed. Every structure is length-checked against ST-001 Table 2, and
/// DINs (including type-3 check flags), Product Codes, CoI identifiers and compound headers are fully
/// validated; other standard structures are kept verbatim.
public struct ISBT128Splitter: Sendable {
    /// The longest input, in bytes, that `split` accepts.
    public static let maximumInputLength = ISBTInput.maximumLength

    /// Registered content lengths of local structures, keyed by identifier such as `"&h"`.
    ///
    /// Only keys of the form `&` + lowercase letter with a length in 1...4096 are kept.
    public let localStructureLengths: [String: Int]

    /// Creates a splitter that also knows the content lengths of some locally defined structures.
    ///
    /// Local structures (`&` + lowercase letter) have no standard length, so an unregistered one cannot be
    /// split and gives `.unknownDataIdentifier`. Registrations with any other key or an out-of-range length
    /// are ignored, which leaves those identifiers unknown.
    public init(localStructureLengths: [String: Int] = [:]) {
        self.localStructureLengths = localStructureLengths.filter { key, length in
            let bytes = Array(key.utf8)
            return bytes.count == 2 && bytes.first == ISBTASCII.ampersand && bytes.last.map(ISBTASCII.isLower) == true
                && (1...ISBTInput.maximumLength).contains(length)
        }
    }

    /// Splits scanned text into data structures.
    public func split(_ text: some StringProtocol) throws(ISBT128Error) -> [ISBTDataStructure] {
        try split(Array(text.utf8))
    }

    /// Splits scanned bytes into data structures.
    ///
    /// A compound message header, when present, is returned as the first element, followed by the structures
    /// it announces.
    public func split(_ bytes: [UInt8]) throws(ISBT128Error) -> [ISBTDataStructure] {
        try ISBTInput.checkPrintable(bytes, what: "scan")
        var structures: [ISBTDataStructure] = []
        structures.reserveCapacity(8)  // room for a typical label's structures without regrowing
        var hasCompoundHeader = false
        var position = 0
        while position < bytes.count {
            let (structure, consumed) = try readStructure(bytes, at: position)
            if case .compoundMessage = structure { hasCompoundHeader = true }
            structures.append(structure)
            position += consumed
        }
        // The compound message rules only constrain scans that have a header.
        if hasCompoundHeader { try checkCompoundMessage(structures) }
        return structures
    }

    /// Reads one structure starting at `start`, returning it and how many bytes it used.
    private func readStructure(_ bytes: [UInt8], at start: Int) throws(ISBT128Error) -> (ISBTDataStructure, Int) {
        let position = start + 1
        guard let first = Self.byte(bytes, start) else {
            throw .truncated("data identifier at position \(position)", expected: 2, found: 0)
        }
        guard first == ISBTASCII.equals || first == ISBTASCII.ampersand else {
            throw .notADataIdentifier(first, at: position)
        }
        guard let second = Self.byte(bytes, start + 1) else {
            throw .truncated("data identifier at position \(position)", expected: 2, found: 1)
        }
        if first == ISBTASCII.equals && ISBTASCII.isFacilityLead(second) {
            let content = try Self.take(bytes, from: start + 1, count: 15, what: "DIN at position \(position)")
            let din = try Self.context(position, "DIN") { () throws(ISBT128Error) in try DIN(content: content) }
            return (.din(din), 16)
        }
        // `&,` identifiers have a third character; all others are the two bytes already read.
        let identifierLength = first == ISBTASCII.ampersand && second == ISBTASCII.comma ? 3 : 2
        guard identifierLength == 2 || Self.byte(bytes, start + 2) != nil else {
            throw .truncated("data identifier at position \(position)", expected: 3, found: 2)
        }
        let identifier = ISBTASCII.string(bytes[start..<(start + identifierLength)])
        let contentStart = start + identifierLength
        if first == ISBTASCII.ampersand && ISBTASCII.isLower(second) {
            guard let length = localStructureLengths[identifier] else {
                throw .unknownDataIdentifier(identifier, at: position)
            }
            let content = try Self.take(
                bytes, from: contentStart, count: length, what: "local structure \(identifier) at position \(position)")
            return (.local(identifier: identifier, content: ISBTASCII.string(content)), identifierLength + length)
        }
        guard let kind = ISBTDataIdentifierTable.kinds[identifier] else {
            throw .unknownDataIdentifier(identifier, at: position)
        }
        // Built only when an error needs it: formatting it for every structure costs more than the parsing.
        func what() -> String { "\(kind.name) (\(identifier)) at position \(position)" }
        let length = try Self.contentLength(of: kind, bytes, from: contentStart, what: what())
        let content = try Self.take(bytes, from: contentStart, count: length, what: what())
        let structure = try Self.context(position, kind.name) { () throws(ISBT128Error) in
            try Self.build(identifier: identifier, kind: kind, content: content)
        }
        return (structure, identifierLength + length)
    }

    /// Builds the typed structure for a standard identifier from its content bytes.
    private static func build(
        identifier: String, kind: ISBTStructureKind, content: ArraySlice<UInt8>
    ) throws(ISBT128Error) -> ISBTDataStructure {
        switch identifier {
        case ProductCode.dataIdentifier: return .productCode(try ProductCode(contentBytes: content))
        case ChainOfIdentityID.dataIdentifier: return .chainOfIdentity(try ChainOfIdentityID(contentBytes: content))
        case CompoundMessage.dataIdentifier: return .compoundMessage(try CompoundMessage(contentBytes: content))
        default:
            if kind.numericContent {
                for (index, byte) in content.enumerated() where !ISBTASCII.isDigit(byte) {
                    throw .invalidContent(kind.name, character: byte, at: index + 1, expected: "a digit")
                }
            }
            return .other(identifier: identifier, content: ISBTASCII.string(content))
        }
    }

    /// Resolves the content length of a structure, reading its count field when the length is variable.
    private static func contentLength(
        of kind: ISBTStructureKind, _ bytes: [UInt8], from start: Int, what: @autoclosure () -> String
    ) throws(ISBT128Error) -> Int {
        switch kind.length {
        case .fixed(let length):
            return length
        case .counted(let header, let countOffset, let countDigits, let unit):
            let headerBytes = try take(bytes, from: start, count: header, what: what())
            let countField = headerBytes.dropFirst(countOffset).prefix(countDigits)
            guard countField.count == countDigits, let count = ISBTASCII.number(countField) else {
                throw .invalidContent(what(), "its length field must be \(countDigits) digits.")
            }
            return header + unit * count
        }
    }

    /// Checks the compound message rules: a header only first, followed by exactly the announced structures,
    /// none of them locally defined.
    private func checkCompoundMessage(_ structures: [ISBTDataStructure]) throws(ISBT128Error) {
        for (index, structure) in structures.enumerated().dropFirst() {
            if case .compoundMessage = structure {
                throw .badCompoundMessage("a header may only come first, but structure \(index + 1) is one.")
            }
        }
        guard case .compoundMessage(let header)? = structures.first else { return }
        let following = structures.count - 1
        guard following == header.count else {
            throw .badCompoundMessage("the header announces \(header.count) structures but \(following) follow.")
        }
        for (index, structure) in structures.enumerated() {
            if case .local(let identifier, _) = structure {
                throw .badCompoundMessage(
                    "structure \(index + 1) (\(identifier)) is locally defined, which compound messages forbid.")
            }
        }
    }

    /// The byte at `index`, or nil past the end.
    private static func byte(_ bytes: [UInt8], _ index: Int) -> UInt8? {
        bytes.indices.contains(index) ? bytes[index] : nil
    }

    /// Takes `count` bytes from `start` (a slice of `bytes`, not a copy), or throws `.truncated` when fewer remain.
    ///
    /// `what` names the structure in the error; it is only formatted when there is one.
    private static func take(
        _ bytes: [UInt8], from start: Int, count: Int, what: @autoclosure () -> String
    ) throws(ISBT128Error) -> ArraySlice<UInt8> {
        let available = max(0, bytes.count - start)
        guard start >= 0, count >= 0, count <= available else {
            throw .truncated(what(), expected: count, found: available)
        }
        return bytes.dropFirst(start).prefix(count)
    }

    /// Runs `body`, prefixing any error reason with the structure's name and position.
    private static func context<T>(
        _ position: Int, _ name: String, _ body: () throws(ISBT128Error) -> T
    ) throws(ISBT128Error) -> T {
        do {
            return try body()
        } catch {
            throw error.prefixed("\(name) at position \(position)")
        }
    }
}
