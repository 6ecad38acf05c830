import LabelgateCore

/// One label serial as the ledger knows it.
public struct IssuedLabel: Hashable, Sendable {
    /// The serial.
    public var serial: LabelSerial
    /// The COI identifier of its record.
    public var coi: ChainOfIdentityID
    /// The DIN with the flags it carries.
    public var din: DIN
    /// Lifecycle state.
    public var state: LabelState
    /// The identity-hash version it was issued with.
    public var hashVersion: UInt8
    /// Template name and version it was (or will be) printed with, if any.
    public var template: String?
    /// Print batch, if any.
    public var batch: String?
    /// The original serial when this label is a reprint.
    public var reprintOf: LabelSerial?
    /// The particulars that enter the identity hash.
    public var particulars: LabelParticulars { LabelParticulars(din: din, serial: serial) }

    /// Creates a label row.
    public init(
        serial: LabelSerial, coi: ChainOfIdentityID, din: DIN, state: LabelState, hashVersion: UInt8,
        template: String? = nil, batch: String? = nil, reprintOf: LabelSerial? = nil
    ) {
        self.serial = serial
        self.coi = coi
        self.din = din
        self.state = state
        self.hashVersion = hashVersion
        self.template = template
        self.batch = batch
        self.reprintOf = reprintOf
    }
}

/// What to issue: which record, which bag and flags, and bookkeeping for the print path.
public struct LabelRequest: Hashable, Sendable {
    /// The record.
    public var coi: ChainOfIdentityID
    /// The bag's DIN with the flags to print.
    public var din: DIN
    /// Template name and version.
    public var template: String?
    /// Print batch.
    public var batch: String?
    /// The original serial, for a reprint.
    public var reprintOf: LabelSerial?
    /// The print job the label is issued into (printer and owner), recorded in the same transaction as the serial,
    /// so an interrupted job is found and fenced from its first row.
    public var printJob: PrintJobClaim?

    /// Creates a request.
    public init(
        coi: ChainOfIdentityID, din: DIN, template: String? = nil, batch: String? = nil, reprintOf: LabelSerial? = nil,
        printJob: PrintJobClaim? = nil
    ) {
        self.coi = coi
        self.din = din
        self.template = template
        self.batch = batch
        self.reprintOf = reprintOf
        self.printJob = printJob
    }
}
