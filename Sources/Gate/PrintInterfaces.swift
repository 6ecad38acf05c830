import LabelgateCore

/// What the gate asks of a renderer: draw a verified label and read every symbol back with a decoder that is not
/// the encoder. The gate, not the renderer, compares what was read with what it verified.
public protocol LabelRendering: Sendable {
    /// Draws the label for `job`, then decodes the drawn pixels.
    func render(_ job: RenderJob) throws -> RenderedLabel
}

/// What to draw: the verified claim and payload, the template, and display-only fields (no patient data).
public struct RenderJob: Sendable {
    /// The claim the label carries (identifiers and hash).
    public var claim: LabelClaim
    /// The exact 2-D payload, already verified by the gate.
    public var payload: EncodedPayload
    /// Template name, for example `bag`.
    public var template: String
    /// Collection date-time with offset, as stored in the record.
    public var collectionDate: String
    /// Collection facility.
    public var collectionFacility: String

    /// Creates a job.
    public init(
        claim: LabelClaim, payload: EncodedPayload, template: String, collectionDate: String, collectionFacility: String
    ) {
        self.claim = claim
        self.payload = payload
        self.template = template
        self.collectionDate = collectionDate
        self.collectionFacility = collectionFacility
    }
}

/// A drawn label: its 1-bit raster, what the renderer says it encoded where, and what the decoder read there.
public struct RenderedLabel: Sendable {
    /// Template name and version actually used, for example `bag@1`.
    public var templateVersion: String
    /// The label as 1-bit pixels.
    public var image: MonochromeImage
    /// One entry per symbol drawn.
    public var symbols: [ReadBack]

    /// Creates a rendered label.
    public init(templateVersion: String, image: MonochromeImage, symbols: [ReadBack]) {
        self.templateVersion = templateVersion
        self.image = image
        self.symbols = symbols
    }
}

/// One symbol on a drawn label: what was encoded and what the independent decoder read back in its region.
public struct ReadBack: Sendable {
    /// AIM identifier the symbol must read as.
    public var expectedAIM: String
    /// Bytes the symbol must read as.
    public var expectedBytes: [UInt8]
    /// What the decoder read in the symbol's region (AIM identifier, bytes); empty if it read nothing.
    public var decoded: [(aim: String, bytes: [UInt8])]

    /// Creates a read-back entry.
    public init(expectedAIM: String, expectedBytes: [UInt8], decoded: [(aim: String, bytes: [UInt8])]) {
        self.expectedAIM = expectedAIM
        self.expectedBytes = expectedBytes
        self.decoded = decoded
    }
}

/// A 1-bit image: rows of `bytesPerRow` bytes, most significant bit first, 1 = black (the ZPL `^GF` and PBM P4
/// layout), at a known resolution.
public struct MonochromeImage: Sendable {
    /// Width in dots.
    public var width: Int
    /// Height in dots.
    public var height: Int
    /// Printer resolution.
    public var dotsPerInch: Int
    /// Packed rows.
    public var bits: [UInt8]
    /// Bytes per row (`ceil(width / 8)`).
    public var bytesPerRow: Int { (width + 7) / 8 }

    /// Creates an image.
    public init(width: Int, height: Int, dotsPerInch: Int, bits: [UInt8]) {
        self.width = width
        self.height = height
        self.dotsPerInch = dotsPerInch
        self.bits = bits
    }
}

/// What the gate asks of a printer backend.
public protocol LabelPrinting: Sendable {
    /// The configured printer name.
    var name: String { get }
    /// Sends one verified label; never throws: every outcome is a `PrintDelivery`.
    func deliver(_ label: PrintableLabel) async -> PrintDelivery
}

/// A label ready for a printer: verified, rendered and read back.
public struct PrintableLabel: Sendable {
    /// Its serial.
    public var serial: LabelSerial
    /// The rendered label.
    public var rendered: RenderedLabel
    /// The verified payload (for backends that print natively or keep a record).
    public var payload: EncodedPayload
}

/// What happened to a label sent to a printer.
public enum PrintDelivery: Sendable, Equatable {
    /// The printer confirmed the label printed.
    case printed(location: String)
    /// Accepted by the printer or spool but not confirmed printed (an IPP raw queue, a file spool).
    case sent(location: String)
    /// Not printed (refused, unreachable, out of paper before it started).
    case failed(reason: String)
    /// It may or may not have printed (fault while it was under the head). Never re-issued automatically.
    case uncertain(reason: String)
}
