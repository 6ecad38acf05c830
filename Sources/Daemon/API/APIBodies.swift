import Foundation
import Gate
import LabelgateCore

/// `POST /v1/stations/{station}/scans`: the scan as text (or base64 bytes) and the AIM identifier if sent apart.
package struct ScanBody: Codable, Sendable, Hashable {
    package var text: String?
    package var base64: String?
    package var aim: String?
    package var device: String?

    package init(text: String? = nil, base64: String? = nil, aim: String? = nil, device: String? = nil) {
        self.text = text
        self.base64 = base64
        self.aim = aim
        self.device = device
    }

    func scan() throws(APIError) -> Scan {
        let source: ScanSource = device.map { .barcodeScanner(deviceID: $0) } ?? .manualEntry
        if let text, base64 == nil { return Scan(text: text, aimIdentifier: aim, source: source) }
        if let base64, text == nil, let data = Data(base64Encoded: base64) {
            return Scan(bytes: Array(data), aimIdentifier: aim, source: source)
        }
        throw APIError(.malformed, "give the scan as exactly one of text or base64")
    }
}

/// `POST /v1/print`.
struct PrintBody: Codable, Sendable {
    var station: String
    var record: String
    var fingerprint: String
    var din: String?
    var flags: String?
    var profile: LabelProfile?
    var template: String?
    var copies: Int?
    var batch: String?
    var `operator`: String?
}

/// `POST /v1/steps`.
struct StepBody: Codable, Sendable {
    var step: CriticalStep
    var subject: String
    var station: String
    var signatures: [SignatureInput]
}

/// `POST /v1/stations/{station}/bedside-match`.
struct BedsideBody: Codable, Sendable {
    var wristband: String
    var bag: String
    var aim: String?
    var signatures: [SignatureInput]
}

/// `POST /v1/stations/{station}/manifest`.
struct ManifestBody: Codable, Sendable {
    var shipment: String
    var dins: [String]
}

/// `POST /v1/reprints`.
struct ReprintBody: Codable, Sendable {
    var station: String
    var serial: String
    /// Why the label is reprinted (audited; required).
    var reason: String
    var profile: LabelProfile?
    var signatures: [SignatureInput]
}

/// A printed label in responses.
struct PrintedLabelView: Codable, Sendable {
    var serial: String
    var state: String
    var template: String
    var payload: String
    var location: String

    init(_ label: PrintedLabel) {
        serial = label.serial.text
        state = label.state.rawValue
        template = label.templateVersion
        payload = label.payload.text
        location = label.delivery.locationOrReason
    }
}

/// `GET /v1/status`.
struct StatusView: Codable, Sendable {
    struct StationView: Codable, Sendable {
        var id: String
        var role: String
        var title: String
        var printer: String?
        var lastVerdict: Verdict?
        var nextStep: String
        var shipment: ShipmentStatus?
    }

    var service: String
    var ready: Bool
    var components: [String]
    /// Components not up yet, each with what it waits for (empty once ready).
    var notReady: [String: String]
    var uptimeSeconds: Int
    var stations: [StationView]
    var eventClients: Int
    var droppedEventClients: Int
}

/// `GET /v1/records/{coi}`: identifiers and the fingerprint a print request needs; no patient data.
struct RecordView: Codable, Sendable {
    var coi: String
    var productCode: String
    var dins: [String]
    var revision: Int
    var fingerprint: String
}
