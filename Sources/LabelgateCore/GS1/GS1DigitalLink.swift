/// Parses and builds GS1 Digital Link URIs.
///
/// Form: `https://{host}[/{stem}]/{primaryKeyAI}/{value}[/{qualifierAI}/{value}…][?{ai}={value}&…]`.
public enum GS1DigitalLink {
    /// Parses a GS1 Digital Link URI into a validated element string (path elements first, then query attributes).
    ///
    /// The scheme must be http or https; any host and stem path are accepted. Qualifiers must follow the order
    /// the primary key allows (01 → 22, 10, 21 or 235; 8006 → 22, 10, 21; 8017/8018 → 8019;
    /// 414 → 254 or 7040; …).
    /// Query keys that are not all digits (such as `linkType`) are ignored; a numeric key must be a known AI that
    /// may be a Digital Link attribute. A GTIN-8, -12 or -13 in the path is padded to 14 digits.
    public static func parse(_ uri: some StringProtocol) throws(GS1Error) -> GS1ElementString {
        let bytes = Array(uri.utf8)
        guard !bytes.isEmpty else { throw GS1Error.empty("Digital Link URI") }
        guard bytes.count <= GS1ElementString.maximumInputLength else {
            throw GS1Error.tooLong(count: bytes.count, limit: GS1ElementString.maximumInputLength)
        }
        try GS1ASCII.checkPrintable(bytes, allowGS: false)
        if let space = bytes.firstIndex(of: 0x20) {
            throw GS1Error.invalidCharacter(at: space, "a URI may not contain spaces")
        }
        let (path, query) = try split(bytes)
        var elements = try pathElements(path)
        for element in try queryElements(query) {
            if elements.contains(where: { $0.ai == element.ai }) { throw GS1Error.duplicateAI(element.ai) }
            elements.append(element)
        }
        return try GS1ElementString(elements)
    }

    /// Splits a URI into its path (after the host) and query (after `?`, before `#`).
    static func split(_ bytes: [UInt8]) throws(GS1Error) -> (path: ArraySlice<UInt8>, query: ArraySlice<UInt8>) {
        let lowered = bytes.prefix(8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let schemeLength: Int
        if lowered.starts(with: Array("https://".utf8)) {
            schemeLength = 8
        } else if lowered.starts(with: Array("http://".utf8)) {
            schemeLength = 7
        } else {
            throw GS1Error.badDigitalLink("it must start with https:// or http://")
        }
        let withoutFragment = bytes.prefix { $0 != 0x23 }
        let afterScheme = withoutFragment.dropFirst(schemeLength)
        let beforeQuery = afterScheme.prefix { $0 != 0x3F }
        let query = afterScheme.dropFirst(beforeQuery.count + 1)
        guard let slash = beforeQuery.firstIndex(of: 0x2F) else {
            throw GS1Error.badDigitalLink(beforeQuery.isEmpty ? "the host is missing" : "the path is missing")
        }
        guard slash > beforeQuery.startIndex else { throw GS1Error.badDigitalLink("the host is missing") }
        return (beforeQuery[slash...], query)
    }

    /// Reads the primary key and its qualifiers from the end of the path; earlier segments are the stem.
    static func pathElements(_ path: ArraySlice<UInt8>) throws(GS1Error) -> [GS1ElementString.Element] {
        var segments = path.split(separator: 0x2F, omittingEmptySubsequences: false).dropFirst()
        if segments.last?.isEmpty == true { segments = segments.dropLast() }
        var pairs: [(GS1ApplicationIdentifier, [UInt8])] = []
        var index = segments.endIndex
        while true {
            guard index - segments.startIndex >= 2 else {
                throw GS1Error.badDigitalLink("no primary key (such as /01/ or /8018/) was found in the path")
            }
            let code = segments[index - 2]
            guard GS1ASCII.allDigits(code), code.count <= 4,
                  let ai = GS1ApplicationIdentifier.lookup(GS1ASCII.string(code)) else {
                throw GS1Error.badDigitalLink("a path segment that should be an AI is not a known AI")
            }
            guard let raw = GS1PercentEncoding.decode(segments[index - 1]) else {
                throw GS1Error.badDigitalLink("a path value has a '%' that is not a valid %XX escape")
            }
            pairs.insert((ai, raw), at: 0)
            index -= 2
            if ai.isDigitalLinkPrimaryKey { break }
        }
        if segments[segments.startIndex..<index].contains(where: \.isEmpty) {
            throw GS1Error.badDigitalLink("the path has an empty segment")
        }
        guard let (key, _) = pairs.first else {
            throw GS1Error.badDigitalLink("no primary key was found in the path")
        }
        try checkQualifierOrder(key: key, qualifiers: pairs.dropFirst().map(\.0.code))
        return try pairs.map { pair throws(GS1Error) in
            let value = pair.0.code == "01" ? padGTIN(pair.1) : pair.1
            try GS1ASCII.checkPrintable(value, allowGS: false)
            return GS1ElementString.Element(ai: pair.0.code, value: GS1ASCII.string(value))
        }
    }

    /// Throws `.badDigitalLink` unless `qualifiers` follow one of the key's allowed sequences, in order.
    static func checkQualifierOrder(key: GS1ApplicationIdentifier, qualifiers: [String]) throws(GS1Error) {
        guard !qualifiers.isEmpty else { return }
        let alternatives = key.digitalLinkQualifiers ?? []
        for sequence in alternatives where isOrderedSubsequence(qualifiers, of: sequence) {
            return
        }
        let allowed = alternatives.map { $0.joined(separator: ", ") }.joined(separator: " or ")
        throw GS1Error.badDigitalLink(
            allowed.isEmpty
                ? "(\(key.code)) takes no qualifiers in the path"
                : "the qualifiers after (\(key.code)) must be in the order \(allowed)")
    }

    /// Whether `items` appear in `sequence` in the same order, each at most once.
    static func isOrderedSubsequence(_ items: [String], of sequence: [String]) -> Bool {
        var remaining = sequence[...]
        for item in items {
            guard let found = remaining.firstIndex(of: item) else { return false }
            remaining = remaining[(found + 1)...]
        }
        return true
    }

    /// Left-pads a GTIN-8, -12 or -13 with zeros to 14 digits; other values are returned unchanged.
    static func padGTIN(_ value: [UInt8]) -> [UInt8] {
        guard [8, 12, 13].contains(value.count), GS1ASCII.allDigits(value) else { return value }
        return [UInt8](repeating: 0x30, count: 14 - value.count) + value
    }

    /// Reads AI attributes from the query string, ignoring keys that are not all digits.
    static func queryElements(_ query: ArraySlice<UInt8>) throws(GS1Error) -> [GS1ElementString.Element] {
        var elements: [GS1ElementString.Element] = []
        for pair in query.split(separator: 0x26) {
            let key = pair.prefix { $0 != 0x3D }
            guard GS1ASCII.allDigits(key) else { continue }
            guard key.count <= 4, let ai = GS1ApplicationIdentifier.lookup(GS1ASCII.string(key)) else {
                throw GS1Error.unknownAI(GS1ASCII.string(key.prefix(4)))
            }
            guard ai.isDigitalLinkAttribute else {
                throw GS1Error.badDigitalLink("(\(ai.code)) may not be a query attribute; it belongs in the path")
            }
            guard let value = GS1PercentEncoding.decode(pair.dropFirst(key.count + 1)) else {
                throw GS1Error.badDigitalLink("a query value has a '%' that is not a valid %XX escape")
            }
            try GS1ASCII.checkPrintable(value, allowGS: false)
            if elements.contains(where: { $0.ai == ai.code }) { throw GS1Error.duplicateAI(ai.code) }
            elements.append(GS1ElementString.Element(ai: ai.code, value: GS1ASCII.string(value)))
        }
        return elements
    }
}
