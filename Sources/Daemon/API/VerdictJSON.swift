import Foundation
import Gate
import LabelgateCore

extension ScanOutcome {
    /// The response body of a scan: the same JSON `JSONEncoder.api` writes for this value (sorted keys, absent
    /// optionals left out, the date in ISO 8601 to the second), written directly because it is sent for every scan.
    package var json: [UInt8] {
        var text = JSONText(capacity: 384)
        text.beginObject()
        text.member("manifest", manifest?.rawValue)
        text.key("verdict")
        verdict.write(to: &text)
        text.endObject()
        return text.bytes
    }
}

extension Verdict {
    /// Writes the verdict as an object with its keys sorted.
    package func write(to text: inout JSONText) {
        text.beginObject()
        text.member("auditSequence", auditSequence)
        text.member("coi", coi)
        text.member("decidedAt", UTCTimestamp.seconds(decidedAt))
        text.member("detail", detail)
        text.member("din", din)
        text.member("message", message)
        text.member("outcome", outcome.rawValue)
        text.member("reason", reason?.rawValue)
        text.member("serial", serial)
        text.member("station", station)
        text.endObject()
    }
}
