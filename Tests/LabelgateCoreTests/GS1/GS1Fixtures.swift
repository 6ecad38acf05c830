@testable import LabelgateCore

/// Shared sample data for the GS1 and AIM tests.
enum GS1Fixtures {
    /// The GS1 example GTIN.
    static let gtin = "09506000134352"
    /// The GTIN of the GS1 Digital Link reference example.
    static let dlGTIN = "05412345000013"
    /// A valid SSCC.
    static let sscc = "106141411234567897"
    /// A valid GSRN (used as a recipient GSRN, AI 8018).
    static let gsrn = "795260646688514634"
    /// The group separator byte.
    static let gs: UInt8 = 0x1D

    /// The bytes of an ASCII string.
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// An error with the given code (errors compare by code only).
    static func error(_ code: GS1Error.Code) -> GS1Error { GS1Error(code: code, reason: "") }

    /// An AIM error with the given code.
    static func aimError(_ code: AIMError.Code) -> AIMError { AIMError(code: code, reason: "") }

    /// Shorthand for an element.
    static func element(_ ai: String, _ value: String) -> GS1ElementString.Element {
        GS1ElementString.Element(ai: ai, value: value)
    }

    /// The 82 characters of GS1 character set 82, in code order.
    static let cset82: [Character] = (0x21...0x7A).compactMap { value -> Character? in
        let byte = UInt8(value)
        return GS1CharacterSet.cset82.contains(byte) ? Character(UnicodeScalar(byte)) : nil
    }

    /// The 64 base64url characters.
    static let base64url: [Character] = (0x2D...0x7A).compactMap { value -> Character? in
        let byte = UInt8(value)
        return GS1CharacterSet.base64url.contains(byte) ? Character(UnicodeScalar(byte)) : nil
    }

    /// `count` pseudo-random digits derived from `seed`.
    static func digits(_ count: Int, seed: Int) -> String {
        var state = UInt64(truncatingIfNeeded: seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var out = ""
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out.append(Character(String((state >> 33) % 10)))
        }
        return out
    }

    /// `data` followed by its GS1 check digit.
    static func withCheckDigit(_ data: String) -> String {
        guard let digit = try? GS1CheckDigit.compute(for: data) else { return data }
        return data + String(digit)
    }

    /// A valid YYMMDD date (day may be 00 when `allowZeroDay`).
    static func date(seed: Int, allowZeroDay: Bool) -> String {
        let positive = seed.magnitude
        let year = positive % 100
        let month = 1 + (positive / 100) % 12
        let day = (positive / 1_200) % 29 + (allowZeroDay ? 0 : 1)
        return pad(year) + pad(month) + pad(day)
    }

    /// A valid HHMI time.
    static func time(seed: Int) -> String {
        let positive = seed.magnitude
        return pad(positive % 24) + pad((positive / 24) % 60)
    }

    /// Two-digit zero padding.
    static func pad(_ value: UInt) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Text from `indices` mapped onto `alphabet`, cut to `maxLength` (never empty).
    static func text(_ indices: [Int], alphabet: [Character], maxLength: Int) -> String {
        let characters = indices.prefix(maxLength).map { alphabet[Int($0.magnitude % UInt(alphabet.count))] }
        return characters.isEmpty ? "A" : String(characters)
    }

    /// AIs the random element-string generator draws from.
    static let generatedAIs = ["01", "00", "8018", "8019", "10", "21", "240", "250", "17", "11", "20", "7003",
                               "3103", "8003", "8030", "90", "91", "99", "7240", "4330"]

    /// A valid element for `ai` built deterministically from `seed` and `indices`.
    static func validElement(ai: String, seed: Int, indices: [Int]) -> GS1ElementString.Element {
        let text = { (max: Int) in GS1Fixtures.text(indices, alphabet: cset82, maxLength: max) }
        switch ai {
        case "01": return element(ai, withCheckDigit(digits(13, seed: seed)))
        case "00", "8018": return element(ai, withCheckDigit(digits(17, seed: seed)))
        case "8019": return element(ai, digits(1 + Int(seed.magnitude % 10), seed: seed))
        case "17", "11": return element(ai, date(seed: seed, allowZeroDay: true))
        case "20": return element(ai, digits(2, seed: seed))
        case "7003": return element(ai, date(seed: seed, allowZeroDay: false) + time(seed: seed))
        case "3103": return element(ai, digits(6, seed: seed))
        case "8003": return element(ai, "0" + withCheckDigit(digits(12, seed: seed)) + (seed % 2 == 0 ? text(16) : ""))
        case "8030": return element(ai, GS1Fixtures.text(indices, alphabet: base64url, maxLength: 90))
        case "4330": return element(ai, digits(6, seed: seed) + (seed % 2 == 0 ? "-" : ""))
        case "90": return element(ai, text(30))
        case "91", "99": return element(ai, text(90))
        case "240", "250": return element(ai, text(30))
        default: return element(ai, text(20))
        }
    }

    /// A valid element list with distinct AIs chosen by `choices`.
    static func validElements(choices: [Int], seed: Int, indices: [Int]) -> [GS1ElementString.Element] {
        var seen = Set<String>()
        var result: [GS1ElementString.Element] = []
        for (offset, choice) in choices.enumerated() {
            let ai = generatedAIs[Int(choice.magnitude % UInt(generatedAIs.count))]
            guard seen.insert(ai).inserted else { continue }
            let rotated = Array(indices.dropFirst(offset % max(indices.count, 1))) + indices
            result.append(validElement(ai: ai, seed: seed &+ offset &* 7_919, indices: rotated))
        }
        return result
    }
}
