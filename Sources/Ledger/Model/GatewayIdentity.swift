import Foundation

/// A gateway's default identity: the machine ID (`/etc/machine-id`) and the ledger's location, so the daemon and the
/// CLI on one machine, with one ledger, name the same gateway without configuration, and two machines never share
/// one. Set `[daemon] gateway` (CLI: `--gateway`) when one machine runs two gateways on one shared ledger.
public enum GatewayIdentity {
    /// `<machine-id>:<location>`, cut to `PrintFence.maximumLength`; the location loses anything but printable ASCII.
    public static func `default`(ledgerLocation: String, machineIDPath: String = "/etc/machine-id") -> String {
        let machine = machineID(path: machineIDPath) ?? hostName()
        let location = String(decoding: ledgerLocation.utf8.filter { (0x21...0x7E).contains($0) }, as: UTF8.self)
        let identity = "\(machine):\(location.isEmpty ? "ledger" : location)"
        return String(decoding: identity.utf8.prefix(PrintFence.maximumLength), as: UTF8.self)
    }

    /// A new incarnation: one per run of a process that prints.
    public static func newIncarnation() -> String { UUID().uuidString.lowercased() }

    /// The machine ID: 32 lower-case hex digits (at most 64 bytes are read), or nil.
    static func machineID(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count == 32, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return text
    }

    static func hostName() -> String {
        let name = ProcessInfo.processInfo.hostName.utf8.filter { (0x21...0x7E).contains($0) && $0 != 0x3A }
        return name.isEmpty ? "localhost" : String(decoding: name.prefix(64), as: UTF8.self)
    }
}
