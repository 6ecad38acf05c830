/// Turns a `LabelClaim` into the bytes of its 2-D symbol, in the GS1 or the ISBT 128 profile.
///
/// GS1: `(01) GTIN (10) DIN+flags (21) serial (240) product code (92) COI (91) version+hash`.
/// ISBT 128: `=DIN+flags` `=<product` `&/COI` `&h version+serial+hash`, concatenated with no compound-message
/// header (ST-001 forbids locally defined structures inside compound messages). See `docs/label-payload.md`.
public struct LabelPayloadEncoder: Sendable {
    /// The carriers in use.
    public let format: LabelPayloadFormat

    /// Creates an encoder for `format`.
    public init(format: LabelPayloadFormat = .standard) throws(PayloadError) {
        try format.validate()
        self.format = format
    }

    /// Encodes `claim` in `profile`.
    public func encode(_ claim: LabelClaim, profile: LabelProfile) throws(PayloadError) -> EncodedPayload {
        switch profile {
        case .gs1: return try encodeGS1(claim)
        case .isbt: return encodeISBT(claim)
        }
    }

    private func hashField(_ claim: LabelClaim) -> String { String(claim.hashVersion) + claim.hash.text }

    private func encodeGS1(_ claim: LabelClaim) throws(PayloadError) -> EncodedPayload {
        guard let gtin = claim.gtin else {
            throw PayloadError(.missingField, "the GS1 profile needs a GTIN on the record")
        }
        let elements: [GS1ElementString.Element] = [
            .init(ai: "01", value: gtin),
            .init(ai: "10", value: claim.din.identifier + claim.din.flags.encoded),
            .init(ai: "21", value: claim.serial.text),
            .init(ai: "240", value: claim.productCode.content),
            .init(ai: format.gs1COIAI, value: claim.coi.content),
            .init(ai: format.gs1HashAI, value: hashField(claim)),
        ]
        let elementString: GS1ElementString
        do {
            elementString = try GS1ElementString(elements)
        } catch {
            throw PayloadError(.invalidValue, "GS1 rejected the payload: \(error.reason)")
        }
        return EncodedPayload(
            profile: .gs1, aimIdentifier: "]d2", bytes: elementString.transmitted(),
            humanReadable: elementString.humanReadable, elementString: elementString)
    }

    private func encodeISBT(_ claim: LabelClaim) -> EncodedPayload {
        let local = format.isbtLocalIdentifier + String(claim.hashVersion) + claim.serial.text + claim.hash.text
        let text = claim.din.dataStructure + claim.productCode.dataStructure + claim.coi.dataStructure + local
        return EncodedPayload(
            profile: .isbt, aimIdentifier: "]d1", bytes: Array(text.utf8), humanReadable: text, elementString: nil)
    }
}
