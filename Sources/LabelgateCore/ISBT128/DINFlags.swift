/// The two flag characters `ff` that follow the 13-character DIN in data structure 001 (ST-001 Table 3).
///
/// Flags are not part of the DIN's identity. Type 1 values are ICCBBA process-control flags, type 2 values
/// (20–59) are locally defined, and type 3 values (60–96) carry 60 + the MOD 37-2 check value of the DIN.
public enum DINFlags: Hashable, Sendable {
    /// `00`: flags not used.
    case notUsed
    /// Container n of a set: `01`–`04` are containers 1–4 and `15`–`19` are containers 5–9.
    case containerOfSet(Int)
    /// `05`: a second (or repeated) demand-printed label.
    case repeatedDemandPrinted
    /// Another ICCBBA type-1 process-control value, `06`–`14`, kept as its number (for example 12 = affixed
    /// partial label, 13 = attached label).
    case processControl(Int)
    /// A locally defined type-2 value, `20`–`59`, meaningful only at the defining facility.
    case local(Int)
    /// A type-3 check: `60`–`96` carry the MOD 37-2 check value 0...36 of the 13-character DIN.
    case checkValue(Int)
    /// A reserved value (`97`–`99`, or any other pair of flag characters that is not all digits), verbatim.
    case reserved(String)

    /// Decodes two flag characters from `{0–9, A–H, J–N, P, R–Y}`.
    public init(encoded: some StringProtocol) throws(ISBT128Error) {
        self = try ISBTInput.withUTF8(encoded) { bytes throws(ISBT128Error) in try DINFlags(encodedUTF8: bytes) }
    }

    /// Decodes flag characters given as UTF-8 bytes (a ledger text column, read in place); same as
    /// ``init(encoded:)``.
    package init(encodedUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(ISBT128Error) {
        try self.init(bytes: bytes)
    }

    /// Decodes two flag bytes (internal form used by the DIN parser), read in place from any byte collection.
    init(bytes: some Collection<UInt8>) throws(ISBT128Error) {
        guard bytes.count == 2 else {
            throw .badFlag("exactly two flag characters are required, found \(bytes.count).")
        }
        for (index, byte) in bytes.enumerated() where !ISBTASCII.isFlag(byte) {
            throw .badFlag(
                "flag character \(index + 1) is \(ISBTASCII.describe(byte)); allowed are 0-9, A-H, J-N, P and R-Y.")
        }
        guard let value = ISBTASCII.number(bytes) else {
            self = .reserved(ISBTASCII.string(bytes))
            return
        }
        switch value {
        case 0: self = .notUsed
        case 1...4: self = .containerOfSet(value)
        case 5: self = .repeatedDemandPrinted
        case 6...14: self = .processControl(value)
        case 15...19: self = .containerOfSet(value - 10)
        case 20...59: self = .local(value)
        case 60...96: self = .checkValue(value - 60)
        default: self = .reserved(ISBTASCII.string(bytes))
        }
    }

    /// Whether this value has a valid two-character encoding (associated values in range, reserved
    /// strings that really decode as reserved).
    public var isEncodable: Bool {
        switch self {
        case .notUsed, .repeatedDemandPrinted: return true
        case .containerOfSet(let number): return (1...9).contains(number)
        case .processControl(let number): return (6...14).contains(number)
        case .local(let number): return (20...59).contains(number)
        case .checkValue(let value): return (0...36).contains(value)
        case .reserved(let text): return (try? DINFlags(encoded: text)) == .reserved(text)
        }
    }

    /// The two flag characters. A value that is not `isEncodable` encodes as `00` (DIN never stores one).
    public var encoded: String {
        guard isEncodable else { return "00" }
        switch self {
        case .notUsed: return "00"
        case .repeatedDemandPrinted: return "05"
        case .containerOfSet(let number): return Self.twoDigits(number <= 4 ? number : number + 10)
        case .processControl(let number), .local(let number): return Self.twoDigits(number)
        case .checkValue(let value): return Self.twoDigits(60 + value)
        case .reserved(let text): return text
        }
    }

    /// Whether this is an ICCBBA type-1 process-control flag (`01`–`19`).
    public var isTypeOne: Bool {
        switch self {
        case .containerOfSet, .repeatedDemandPrinted, .processControl: return true
        default: return false
        }
    }

    private static func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }
}
