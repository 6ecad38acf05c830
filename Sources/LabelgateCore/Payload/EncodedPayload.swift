/// The exact bytes a label's 2-D symbol carries, as a scanner transmits them after its AIM identifier.
public struct EncodedPayload: Hashable, Sendable {
    /// The profile that produced it.
    public var profile: LabelProfile
    /// The AIM symbology identifier a scanner reports for this symbol (`]d2` GS1 DataMatrix, `]d1` Data Matrix).
    public var aimIdentifier: String
    /// The transmitted bytes: GS (0x1D) separates GS1 variable-length fields; no leading FNC1.
    public var bytes: [UInt8]
    /// A form for people: `(01)…(10)…` for GS1, the concatenated structures for ISBT 128.
    public var humanReadable: String
    /// The GS1 element string (GS1 profile only), for encoders that want the AIs.
    public var elementString: GS1ElementString?

    /// The payload as text (it is always ASCII).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
