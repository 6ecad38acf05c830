/// Which standard's carrier the 2-D symbol on a label uses.
public enum LabelProfile: String, Hashable, Sendable, Codable, CaseIterable {
    /// GS1 DataMatrix element string; the hash travels in a company-internal AI (91–99).
    case gs1
    /// ISBT 128 data structures in a Data Matrix; the hash travels in a locally defined `&` structure.
    case isbt
}

/// The configurable carriers of the payload formats (see `docs/label-payload.md`).
public struct LabelPayloadFormat: Hashable, Sendable, Codable {
    /// GS1 company-internal AI that carries `version + hash` (default 91).
    public var gs1HashAI: String
    /// GS1 company-internal AI that carries the COI identifier content (default 92).
    public var gs1COIAI: String
    /// ISBT 128 locally defined data identifier (`&` + lower-case letter) for `version + serial + hash` (default `&h`).
    public var isbtLocalIdentifier: String

    /// The default carriers.
    public static let standard = LabelPayloadFormat(gs1HashAI: "91", gs1COIAI: "92", isbtLocalIdentifier: "&h")

    /// Content length of the ISBT local structure: version (1) + serial (10) + hash (32).
    public static let isbtLocalContentLength = 1 + LabelSerial.digits + IdentityHash.textLength

    /// Creates a format, checking that the carriers are legal.
    public init(gs1HashAI: String, gs1COIAI: String, isbtLocalIdentifier: String) {
        self.gs1HashAI = gs1HashAI
        self.gs1COIAI = gs1COIAI
        self.isbtLocalIdentifier = isbtLocalIdentifier
    }

    /// Checks that the GS1 AIs are distinct company-internal AIs and the ISBT identifier is `&a`–`&z`.
    public func validate() throws(PayloadError) {
        let internalAIs = Set((91...99).map(String.init))
        guard internalAIs.contains(gs1HashAI), internalAIs.contains(gs1COIAI), gs1HashAI != gs1COIAI else {
            throw PayloadError(.badFormat, "the GS1 hash and COI carriers must be two different AIs from 91 to 99")
        }
        let id = Array(isbtLocalIdentifier.utf8)
        guard id.count == 2, id[0] == UInt8(ascii: "&"), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(id[1]) else {
            throw PayloadError(.badFormat, "the ISBT carrier must be a locally defined identifier, & followed by a-z")
        }
    }
}
