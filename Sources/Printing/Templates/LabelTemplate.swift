/// A label template: a versioned data file (`templates/NAME.vN.json`) that places the barcodes and text.
///
/// Positions and sizes are in millimetres and converted to printer dots at render time, so one template serves
/// 203, 300 and 600 dpi printers. Only a template whose `status` is `approved` prints, and every printed label
/// records `name@version`.
public struct LabelTemplate: Codable, Sendable, Hashable {
    /// Template name (`bag`, `small-container`, `shipper`).
    public var name: String
    /// Version number; a change to the layout is a new version.
    public var version: Int
    /// `approved` or `draft`.
    public var status: String
    /// What the label is for.
    public var description: String
    /// Label width in millimetres.
    public var widthMM: Double
    /// Label height in millimetres.
    public var heightMM: Double
    /// Everything drawn on the label.
    public var elements: [Element]
    /// `"tag": true`: the label carries an NFC tag, and the print station writes the label's claim to it through the
    /// gate (bound to the tag's UID, read back and accepted) before the label is sent. Absent means no tag.
    public var tag: Bool?

    /// True when a label from this template carries an NFC tag the print station must write.
    public var carriesTag: Bool { tag == true }

    /// True when the template may print.
    public var isApproved: Bool { status == "approved" }
    /// `name@version`.
    public var reference: String { "\(name)@\(version)" }

    /// One thing drawn on the label.
    public struct Element: Codable, Sendable, Hashable {
        /// `payload` (the 2-D symbol), `dinBarcode`, `productBarcode` (ISBT 128 Code 128), or `text`.
        public var kind: Kind
        /// Left edge, mm.
        public var xMM: Double
        /// Top edge, mm.
        public var yMM: Double
        /// Module (X-dimension) size for barcodes, mm. ISBT 128 targets 0.25 mm for linear codes.
        public var moduleMM: Double?
        /// Bar height for linear barcodes, mm.
        public var heightMM: Double?
        /// Text height, mm.
        public var textMM: Double?
        /// For text: which field (`din`, `product`, `coi`, `collected`, `facility`, `serial`, `template`) or nil
        /// for the fixed `text`.
        public var field: String?
        /// Fixed text, or a prefix for a field.
        public var text: String?
        /// Bold text.
        public var bold: Bool?
        /// Print the field's keyboard check character K in a box after it (DIN, COI).
        public var boxedCheckCharacter: Bool?

        /// The kinds of element.
        public enum Kind: String, Codable, Sendable, Hashable {
            /// The 2-D symbol carrying the payload.
            case payload
            /// ISBT 128 DIN in Code 128 (`=` + DIN + flags).
            case dinBarcode
            /// ISBT 128 product code in Code 128.
            case productBarcode
            /// A line of text.
            case text
        }
    }
}
