import LabelgateCore
import Ledger

/// What the gate asks of a renderer: draw a verified label and read every symbol back with a decoder that is not
/// the encoder. The gate, not the renderer, compares what was read with what it verified.
public protocol LabelRendering: Sendable {
    /// Draws the label for `job`, then decodes the drawn pixels.
    func render(_ job: RenderJob) throws -> RenderedLabel
    /// Whether labels from `template` carry an NFC tag that must be written before they print. The gate refuses to
    /// print such a label without a tag writer.
    func carriesTag(template: String) -> Bool
}

extension LabelRendering {
    /// Renderers without templates draw labels without tags.
    public func carriesTag(template: String) -> Bool { false }
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
///
/// The gate hands over every label of a job at once, already verified, rendered and read back, with a journal: the
/// backend calls `journal.willSend` right before a label's bytes leave (the gate records `sent` durably first), and
/// `journal.accepted` when the printer names its job. A backend never throws: every label gets a `PrintDelivery`.
public protocol LabelPrinting: Sendable {
    /// The configured printer name.
    var name: String { get }
    /// Sends the labels in order and returns one outcome per label, in the same order. A backend stops at the first
    /// fault: labels it did not send are `.failed`, never sent later.
    func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery]
    /// After a restart: what became of a label that was `sent` to this printer before the restart. Never resends.
    func recover(_ job: PrintJobReference) async -> PrintDelivery
    /// The printer's state now (for `labelgate printers` and before a batch).
    func status() async -> PrinterStatus
}

/// The gate's side of a delivery: it records each step in the ledger before the backend goes on.
public protocol PrintJournal: Sendable {
    /// Records that `serial` is about to leave for the printer; false when it could not be recorded (do not send).
    func willSend(_ serial: LabelSerial) async -> Bool
    /// Records that all of `serials` are about to leave, in one ledger transaction (for backends that hand over a
    /// whole job at once, like the spool); false when they could not be recorded (send none).
    func willSend(all serials: [LabelSerial]) async -> Bool
    /// Records the printer's job reference for `serial`.
    func accepted(_ serial: LabelSerial, job: String) async
}

/// What a printer reports about itself.
public struct PrinterStatus: Sendable, Equatable, Codable {
    /// True when a job may be sent now.
    public var ready: Bool
    /// Reasons it is not ready or warnings (`media-empty`, `head-open`, `ribbon-out`, `paused`, `unreachable`…),
    /// severity suffixes stripped.
    public var reasons: [String]
    /// Free text from the printer or the backend.
    public var detail: String

    /// Creates a status.
    public init(ready: Bool, reasons: [String] = [], detail: String = "") {
        self.ready = ready
        self.reasons = reasons
        self.detail = detail
    }
}

extension LabelPrinting {
    /// Default recovery: a label sent before a restart to a printer that cannot say what became of it is uncertain.
    public func recover(_ job: PrintJobReference) async -> PrintDelivery {
        .uncertain(reason: "sent to \(name) before a restart; the printer cannot confirm it")
    }

    /// Default status: no status channel.
    public func status() async -> PrinterStatus { PrinterStatus(ready: true, detail: "no status channel") }

    /// Delivers one label at a time with `send` after recording the whole job as sent (one ledger transaction),
    /// stopping at the first label that is not printed or sent; the labels after it are failed, never sent.
    public func deliverEach(
        _ labels: [PrintableLabel], journal: any PrintJournal,
        _ send: (PrintableLabel) async -> PrintDelivery
    ) async -> [PrintDelivery] {
        guard await journal.willSend(all: labels.map(\.serial)) else {
            return labels.map { _ in .failed(reason: "the ledger could not record the labels as sent") }
        }
        var out: [PrintDelivery] = []
        var stopped: String?
        for label in labels {
            if let stopped {
                out.append(.failed(reason: "not sent: \(stopped)"))
                continue
            }
            let delivery = await send(label)
            switch delivery {
            case .printed, .sent: break
            case .failed(let reason), .uncertain(let reason): stopped = "\(name) stopped at \(label.serial): \(reason)"
            }
            out.append(delivery)
        }
        return out
    }
}

/// A label ready for a printer: verified, rendered and read back.
public struct PrintableLabel: Sendable {
    /// Its serial.
    public var serial: LabelSerial
    /// The rendered label.
    public var rendered: RenderedLabel
    /// The verified payload (for backends that print natively or keep a record).
    public var payload: EncodedPayload

    /// Creates a printable label.
    public init(serial: LabelSerial, rendered: RenderedLabel, payload: EncodedPayload) {
        self.serial = serial
        self.rendered = rendered
        self.payload = payload
    }
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

    /// Where the label went (printed or sent) or why it did not (failed or uncertain).
    public var locationOrReason: String {
        switch self {
        case .printed(let location), .sent(let location): location
        case .failed(let reason), .uncertain(let reason): reason
        }
    }
}
