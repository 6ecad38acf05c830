import Foundation
import LabelgateCore

/// What the daemon reports on its event stream (`GET /v1/events`, `labelgate watch --json`): one JSON object each,
/// with `type` telling the kind. Events carry identifiers, verdicts and device states, never patient data.
public struct DaemonEvent: Sendable, Codable, Hashable {
    /// The kind of event.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// A scan reached the gate (its length and source, not its bytes).
        case scan
        /// The gate's audited verdict.
        case verdict
        /// A device was attached or opened.
        case deviceArrived
        /// A device was detached or closed.
        case deviceDeparted
        /// A device was seen and deliberately not read: a scanner that no station's `scanners` entry binds. Its
        /// scans reach no gate.
        case deviceIgnored
        /// A printer's state changed (ready, printed, failed).
        case printerState
        /// Labels were printed through the gate.
        case printed
        /// A critical step was signed by two operators, or refused.
        case step
        /// A manifest flag (unexpected bag, shipment closed incomplete).
        case manifest
        /// The stream is being closed because the client fell behind.
        case overflow
    }

    /// Monotonic sequence number within this daemon run.
    public var sequence: UInt64
    /// The kind.
    public var type: Kind
    /// When the daemon published it.
    public var at: Date
    /// The station concerned, if any.
    public var station: String?
    /// The verdict, for `verdict` events.
    public var verdict: Verdict?
    /// The device or printer concerned.
    public var device: String?
    /// A state or outcome word (`attached`, `ready`, `failed`, `accepted`, `unexpected`…).
    public var state: String?
    /// Words for people (never patient data).
    public var message: String?
    /// Serials concerned (printed labels).
    public var serials: [String]?

    /// Creates an event (the bus sets `sequence` and `at`).
    public init(
        type: Kind, station: String? = nil, verdict: Verdict? = nil, device: String? = nil, state: String? = nil,
        message: String? = nil, serials: [String]? = nil
    ) {
        self.sequence = 0
        self.type = type
        self.at = Date()
        self.station = station
        self.verdict = verdict
        self.device = device
        self.state = state
        self.message = message
        self.serials = serials
    }
}
