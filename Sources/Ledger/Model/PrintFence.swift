import LabelgateCore

/// Who owns a print job: the gateway (one labelgated, by its `[daemon] gateway` identity) and the incarnation (one
/// run of that daemon). Recorded with each print-path label when it is issued, so a restart settles only its own
/// gateway's jobs of earlier runs, never another gateway's (or another process's) live ones.
public struct PrintFence: Hashable, Sendable, Codable {
    /// The gateway identity (stable across restarts).
    public let gateway: String
    /// This run of the gateway (new at every start).
    public let incarnation: String

    /// The longest gateway identity or incarnation accepted.
    public static let maximumLength = 200

    /// Creates a fence; both parts are 1 to 200 printable ASCII characters.
    public init(gateway: String, incarnation: String) throws(LedgerError) {
        for (name, value) in [("gateway", gateway), ("incarnation", incarnation)] {
            guard Self.isAcceptable(value) else {
                throw LedgerError(.invalidInput, "the \(name) must be 1 to 200 printable ASCII characters")
            }
        }
        self.gateway = gateway
        self.incarnation = incarnation
    }

    /// Whether `value` can be a gateway identity or an incarnation.
    public static func isAcceptable(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        return (1...maximumLength).contains(bytes.count) && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

/// The print job a label is issued into: the printer it is meant for and who owns the job.
public struct PrintJobClaim: Hashable, Sendable {
    /// The configured printer name.
    public var printer: String
    /// The owner.
    public var fence: PrintFence

    /// Creates a claim.
    public init(printer: String, fence: PrintFence) {
        self.printer = printer
        self.fence = fence
    }
}

/// Which interrupted print jobs a recovery may settle.
public enum PrintRecoveryScope: Hashable, Sendable {
    /// The jobs of `gateway` recorded by any incarnation other than `excluding` (the one recovering). Only the holder
    /// of the gateway (`GatewayFencing.holdGateway`) may settle them.
    case gateway(String, excluding: String)
    /// Jobs recorded without an owner: labels printed before fencing existed, or by the CLI's `print`.
    case unfenced
}

/// An exclusive hold on a gateway identity, kept for the holder's life (a PostgreSQL session advisory lock, a file
/// lock beside the SQLite ledger). Two processes cannot hold the same gateway at once.
public protocol GatewayHold: Sendable {
    /// The gateway held.
    var gateway: String { get }
    /// False once the hold is known to be lost (the PostgreSQL session ended) or released.
    var isHeld: Bool { get }
    /// Asks the lock's keeper whether the hold still stands (PostgreSQL: a round trip on its session); false when
    /// it was lost.
    func stillHeld() async -> Bool
    /// Gives the hold up.
    func release() async
}

/// A ledger that can fence print jobs to a gateway.
public protocol GatewayFencing: Sendable {
    /// Takes the exclusive hold on `gateway`, or fails at once with `.conflict` when another process holds it.
    func holdGateway(_ gateway: String) async throws(LedgerError) -> any GatewayHold
}
