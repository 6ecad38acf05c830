/// One thing to write to the audit trail: who, what, about what, why, and non-PHI detail.
public struct AuditEntry: Hashable, Sendable {
    /// Who did it.
    public var actor: Actor
    /// What happened, as a dotted action (`record.add`, `label.issue`, `verdict.accepted`…).
    public var action: String
    /// What it happened to (a COI, a serial), if anything.
    public var subject: String?
    /// Why (a refusal code, an operator's stated reason), if given.
    public var reason: String?
    /// Further detail. Never patient data: identifiers, codes, counts, digests.
    public var details: [String: String]

    /// Creates an entry.
    public init(actor: Actor, action: String, subject: String? = nil, reason: String? = nil, details: [String: String] = [:]) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.details = details
    }

    /// The details as compact JSON with sorted keys: the exact text stored and hashed.
    public var detailsJSON: String {
        var out = "{"
        for (index, key) in details.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            out += Self.jsonString(key) + ":" + Self.jsonString(details[key] ?? "")
        }
        return out + "}"
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
