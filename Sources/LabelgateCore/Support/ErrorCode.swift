/// A stable, machine-readable error code such as `"claim.truncated"`.
///
/// Codes are what programs compare and what the audit trail stores; the accompanying reason is for people.
public protocol StableErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The dotted code.
    var rawValue: String { get }
}

extension StableErrorCode {
    /// The code itself.
    public var description: String { rawValue }
}

/// The shape of labelgate's typed errors: a stable code and a reason in words; equality is on the code only.
///
/// Conforming types declare `code`, `reason` and their static factories; description, equality and hashing come
/// from here. A reason never contains patient data.
public protocol CodedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The error's code type.
    associatedtype Code: StableErrorCode
    /// The stable code.
    var code: Code { get }
    /// Words a person understands.
    var reason: String { get }
}

extension CodedError {
    /// `code: reason`.
    public var description: String { "\(code): \(reason)" }
    /// Errors are equal when their codes are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
