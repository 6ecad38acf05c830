import LabelgateCore

/// Why the daemon could not start or run.
public struct DaemonError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// The configuration file is missing, unreadable or inconsistent.
        public static let configuration = Code(rawValue: "daemon.configuration")
        /// The ledger could not be opened or does not answer.
        public static let ledger = Code(rawValue: "daemon.ledger")
        /// The API socket could not be set up.
        public static let socket = Code(rawValue: "daemon.socket")
        /// The daemon could not be reached (client side).
        public static let unreachable = Code(rawValue: "daemon.unreachable")
        /// The daemon answered with something that is not the API (client side).
        public static let protocolError = Code(rawValue: "daemon.protocol")
    }

    /// The stable code.
    public let code: Code
    /// Words a person understands.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
