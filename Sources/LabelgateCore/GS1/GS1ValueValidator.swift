/// Checks an AI value against its format: lengths, character sets, check digits, dates and other rules.
enum GS1ValueValidator {
    /// Throws the first problem found in `bytes` for `ai`; a slice of the scan is checked in place, without a copy.
    static func validate(_ bytes: ArraySlice<UInt8>, for ai: GS1ApplicationIdentifier) throws(GS1Error) {
        guard !bytes.isEmpty else {
            throw GS1Error.invalidLength(ai: ai.code, "the value is empty")
        }
        var offset = 0
        for component in ai.components {
            let remaining = bytes.count - offset
            if remaining == 0 {
                if component.isOptional { break }
                let detail = "\(bytes.count) characters given, at least \(ai.minLength) needed"
                throw GS1Error.truncated(ai: ai.code, detail)
            }
            let take: Int
            if component.isFixedLength {
                guard remaining >= component.maxLength else {
                    if component.isOptional {
                        throw GS1Error.invalidLength(ai: ai.code, "an optional part must be \(component.maxLength) "
                            + "characters long, found \(remaining)")
                    }
                    throw GS1Error.truncated(ai: ai.code, "\(bytes.count) characters given, \(ai.minLength) needed")
                }
                take = component.maxLength
            } else {
                take = min(remaining, component.maxLength)
            }
            let part = bytes[(bytes.startIndex + offset)..<(bytes.startIndex + offset + take)]
            try checkCharacters(part, component: component, ai: ai, offset: offset)
            for rule in component.rules {
                try check(rule, part, ai: ai)
            }
            offset += take
        }
        if offset < bytes.count {
            let detail = "\(bytes.count) characters given, at most \(ai.maxLength) allowed"
            throw GS1Error.invalidLength(ai: ai.code, detail)
        }
    }

    /// Checks that `part` uses only the component's character set.
    static func checkCharacters(_ part: ArraySlice<UInt8>, component: GS1ApplicationIdentifier.Component,
                                ai: GS1ApplicationIdentifier, offset: Int) throws(GS1Error) {
        guard let bad = component.characterSet.firstInvalidOffset(in: part) else { return }
        let position = offset + bad
        let byte = part[part.startIndex + bad]
        let what = component.characterSet == .base64url && byte == 0x3D
            ? "misplaced '=' padding" : GS1ASCII.describe(byte)
        throw GS1Error.invalidContent(
            ai: ai.code, "has \(what) at value position \(position); only \(component.characterSet.displayName) "
                + "are allowed there")
    }

    /// Applies one content rule to `part`.
    static func check(_ rule: GS1ApplicationIdentifier.Rule, _ part: ArraySlice<UInt8>,
                      ai: GS1ApplicationIdentifier) throws(GS1Error) {
        let ok: Bool
        switch rule {
        case .checkDigit:
            guard GS1CheckDigit.isValid(bytes: part) else { throw GS1Error.badCheckDigit(ai: ai.code) }
            return
        case .yymmd0, .yymmdd, .yyyymmdd:
            ok = GS1DateRules.isValidDate(part, rule: rule)
        case .hhmi, .hh, .mi, .ss:
            ok = GS1DateRules.isValidTime(part, rule: rule)
        case .zero:
            ok = Array(part) == [0x30]
        case .yesno:
            ok = Array(part) == [0x30] || Array(part) == [0x31]
        case .hyphen:
            ok = Array(part) == [0x2D]
        case .percentEncoded:
            ok = GS1PercentEncoding.hasValidEscapes(part)
        case .nonZero:
            ok = part.contains { $0 != 0x30 }
        case .noZeroPrefix:
            ok = part.count == 1 || part.first != 0x30
        case .iso5218:
            ok = part.count == 1 && [0x30, 0x31, 0x32, 0x39].contains(part.first ?? 0)
        case .winding:
            ok = part.count == 1 && [0x30, 0x31, 0x39].contains(part.first ?? 0)
        case .pieceOfTotal:
            let half = part.count / 2
            if let piece = GS1ASCII.number(part.prefix(half)), let total = GS1ASCII.number(part.dropFirst(half)) {
                ok = piece >= 1 && piece <= total
            } else {
                ok = false
            }
        }
        guard ok else {
            throw GS1Error.invalidContent(ai: ai.code, GS1ValueValidator.explain(rule))
        }
    }

    /// A short human explanation of a failed rule.
    static func explain(_ rule: GS1ApplicationIdentifier.Rule) -> String {
        switch rule {
        case .checkDigit: return "has a wrong check digit"
        case .yymmd0: return "has an impossible date; expected YYMMDD (DD may be 00)"
        case .yymmdd: return "has an impossible date; expected YYMMDD"
        case .yyyymmdd: return "has an impossible date; expected YYYYMMDD"
        case .hhmi: return "has an impossible time; expected HHMI from 0000 to 2359"
        case .hh: return "has an impossible hour; expected 00 to 23"
        case .mi: return "has impossible minutes; expected 00 to 59"
        case .ss: return "has impossible seconds; expected 00 to 59"
        case .zero: return "must start with the digit 0"
        case .yesno: return "must be 0 (no) or 1 (yes)"
        case .hyphen: return "may only end with '-'"
        case .percentEncoded: return "has a '%' that does not start a valid %XX escape"
        case .nonZero: return "has a part that must not be all zeros"
        case .noZeroPrefix: return "must not start with 0"
        case .iso5218: return "must be an ISO/IEC 5218 sex code (0, 1, 2 or 9)"
        case .winding: return "has a winding direction that must be 0, 1 or 9"
        case .pieceOfTotal: return "has a piece number that is zero or greater than the total"
        }
    }
}
