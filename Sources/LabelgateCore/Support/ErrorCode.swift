/// A stable, machine-readable error code such as `"claim.truncated"`.
///
/// Codes are what programs compare and what the audit trail stores; the accompanying reason is for people.
public protocol StableErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The dotted code, stable across releases.
    var rawValue: String { get }
}

extension StableErrorCode {
    /// The code itself.
    public var description: String { rawValue }
}
