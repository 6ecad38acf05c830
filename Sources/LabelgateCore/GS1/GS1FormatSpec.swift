/// Reads value formats written in GS1 Syntax Dictionary notation, for example `"N1,zero N13,csum [X..16]"`.
enum GS1FormatSpec {
    /// The components of `spec`, or nil when it cannot be read.
    static func components(_ spec: String) -> [GS1ApplicationIdentifier.Component]? {
        var result: [GS1ApplicationIdentifier.Component] = []
        for token in spec.split(separator: " ") {
            guard let component = component(token) else { return nil }
            result.append(component)
        }
        return result.isEmpty ? nil : result
    }

    /// One component such as `N6,yymmd0`, `X..20` or `[X1],hyphen`.
    static func component(_ token: Substring) -> GS1ApplicationIdentifier.Component? {
        var parts = token.split(separator: ",", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return nil }
        var type = parts.removeFirst()
        let isOptional = type.hasPrefix("[") && type.hasSuffix("]")
        if isOptional { type = type.dropFirst().dropLast() }
        guard let letter = type.first else { return nil }
        let characterSet: GS1CharacterSet
        switch letter {
        case "N": characterSet = .numeric
        case "X": characterSet = .cset82
        case "Y": characterSet = .cset39
        case "Z": characterSet = .base64url
        default: return nil
        }
        var lengthText = type.dropFirst()
        let isVariable = lengthText.hasPrefix("..")
        if isVariable { lengthText = lengthText.dropFirst(2) }
        guard let length = Int(lengthText), length > 0 else { return nil }
        var rules: [GS1ApplicationIdentifier.Rule] = []
        for name in parts {
            guard let rule = GS1ApplicationIdentifier.Rule(rawValue: String(name)) else { return nil }
            rules.append(rule)
        }
        return GS1ApplicationIdentifier.Component(
            characterSet: characterSet, minLength: isVariable ? 1 : length, maxLength: length,
            isOptional: isOptional, rules: rules)
    }
}
