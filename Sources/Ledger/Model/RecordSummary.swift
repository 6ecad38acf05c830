import LabelgateCore

/// A record as lists show it: identifiers and counts, no patient data.
public struct RecordSummary: Hashable, Sendable, Codable {
    /// COI identifier content.
    public var coi: String
    /// Product code content.
    public var productCode: String
    /// DINs of the record's bags.
    public var dins: [String]
    /// Record revision.
    public var revision: Int
    /// Labels issued for the record.
    public var labelCount: Int

    /// Creates a summary.
    public init(coi: String, productCode: String, dins: [String], revision: Int, labelCount: Int) {
        self.coi = coi
        self.productCode = productCode
        self.dins = dins
        self.revision = revision
        self.labelCount = labelCount
    }
}

/// A chain-of-custody event: a hand-off or a step a label went through at a station.
public struct CustodyEvent: Hashable, Sendable, Codable {
    /// Event number, assigned by the ledger.
    public var id: Int64?
    /// COI identifier content.
    public var coi: String
    /// Label serial text, if the event concerns one label.
    public var serial: String?
    /// The station where it happened.
    public var station: String
    /// What happened (`received`, `handedOver`, `applied`, `administered`…).
    public var kind: String
    /// Who did it.
    public var actor: String
    /// When, as ISO 8601 UTC.
    public var at: String?

    /// Creates an event.
    public init(coi: String, serial: String?, station: String, kind: String, actor: Actor) {
        self.coi = coi
        self.serial = serial
        self.station = station
        self.kind = kind
        self.actor = actor.description
    }
}
