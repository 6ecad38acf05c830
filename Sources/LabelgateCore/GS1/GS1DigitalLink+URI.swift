extension GS1DigitalLink {
    /// The preferred order in which AIs are chosen as the primary key when several are present.
    public static let primaryKeyPreference: [String] = [
        "01", "00", "8018", "8017", "8003", "8004", "414", "417", "253", "255", "401", "402", "8006", "8010", "8013",
    ]

    /// Builds a GS1 Digital Link URI for `elements` under `stem` (scheme, host and optional path, no trailing `/`).
    ///
    /// The primary key is chosen by ``primaryKeyPreference``; its qualifiers go in the path in the allowed order and
    /// every other element becomes a query attribute in element order. Values are percent-encoded.
    /// Throws `.badDigitalLink` when there is no primary key, the stem is not http(s), or an element can be
    /// neither a qualifier nor an attribute.
    public static func uri(for elements: GS1ElementString, stem: String = "https://id.gs1.org") throws(GS1Error)
        -> String {
        var base = Substring(stem)
        while base.hasSuffix("/") { base = base.dropLast() }
        let lowered = base.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"),
              base.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3F && $0 != 0x23 }) else {
            throw GS1Error.badDigitalLink("the stem must be an http or https address without query or fragment")
        }
        guard base.drop(while: { $0 != "/" }).dropFirst(2).contains(where: { $0 != "/" }) else {
            throw GS1Error.badDigitalLink("the stem has no host")
        }
        let codes = elements.elements.map(\.ai)
        guard let keyCode = primaryKeyPreference.first(where: codes.contains),
              let key = GS1ApplicationIdentifier.lookup(keyCode) else {
            throw GS1Error.badDigitalLink("the element string holds no Digital Link primary key (01, 00, 8018, …)")
        }
        let qualifiers = chooseQualifiers(for: key, present: codes)
        var path = String(base)
        for code in [keyCode] + qualifiers {
            guard let value = elements[code] else { continue }
            path += "/\(code)/\(GS1PercentEncoding.encode(value))"
        }
        var attributes: [String] = []
        for element in elements.elements where element.ai != keyCode && !qualifiers.contains(element.ai) {
            guard GS1ApplicationIdentifier.lookup(element.ai)?.isDigitalLinkAttribute == true else {
                throw GS1Error.badDigitalLink("(\(element.ai)) can be neither a path qualifier of (\(keyCode)) "
                    + "nor a query attribute")
            }
            attributes.append("\(element.ai)=\(GS1PercentEncoding.encode(element.value))")
        }
        return attributes.isEmpty ? path : path + "?" + attributes.joined(separator: "&")
    }

    /// The qualifiers of `key` present in `present`, from the allowed sequence that covers the most of them.
    static func chooseQualifiers(for key: GS1ApplicationIdentifier, present: [String]) -> [String] {
        var best: [String] = []
        for sequence in key.digitalLinkQualifiers ?? [] {
            let found = sequence.filter(present.contains)
            if found.count > best.count { best = found }
        }
        return best
    }
}
