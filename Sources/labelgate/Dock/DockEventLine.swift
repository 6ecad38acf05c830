import Foundation
import Scanners

/// One event of `labelgate dock`, as a line of JSON or of text. Scan bytes appear only with --show-scans.
struct DockEventLine: Encodable {
    var event: String
    var device: String?
    var mode: String?
    var station: String?
    var model: String?
    var serial: String?
    var code: String?
    var reason: String?
    var aim: String?
    var hex: String?
    var length: Int?
    var outcome: String?
    var labelSerial: String?
    var auditSequence: Int64?
    var attached: Int?

    init(_ event: ScannerEvent, showScans: Bool) {
        switch event {
        case .attached(let profile):
            self.event = "attached"
            device = profile.deviceID
            mode = profile.mode.rawValue
            station = profile.station.id
            model = profile.model
            serial = profile.identity.serial
        case .detached(let id, let why):
            self.event = "detached"
            device = id
            reason = why.rawValue
        case .enumerated(let count):
            self.event = "enumerated"
            attached = count
        case .ignored(let id, let why):
            self.event = "ignored"
            device = id
            reason = why
        case .scanned(let id, let scan):
            self.event = "scanned"
            device = id
            aim = scan.aimIdentifier
            length = scan.bytes.count
            if showScans { hex = scan.bytes.map { String(format: "%02x", $0) }.joined() }
        case .verdict(let id, let verdict):
            self.event = "verdict"
            device = id
            outcome = verdict.outcome.rawValue
            reason = verdict.reason?.rawValue
            station = verdict.station
            labelSerial = verdict.serial
            auditSequence = verdict.auditSequence
        case .error(let id, let error):
            self.event = "error"
            device = id
            code = error.code.rawValue
            reason = error.reason
        }
    }

    func write(json: Bool) {
        let line: String
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            line = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        } else {
            let fields = [device, mode, station, outcome, code, reason, aim, hex, labelSerial].compactMap { $0 }
            line = ([event.uppercased()] + fields).joined(separator: "  ")
        }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
