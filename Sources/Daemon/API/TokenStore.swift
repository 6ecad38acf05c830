import Crypto
import LabelgateCore
import Ledger

/// Bearer tokens, kept only as SHA-256 digests; a token is checked by hashing what the client sent.
public struct TokenStore: Sendable {
    /// Who holds a token and what it may do.
    public struct Holder: Sendable, Hashable {
        /// Name from the configuration.
        public var name: String
        /// The role.
        public var role: APIRole
    }

    private let byDigest: [[UInt8]: Holder]

    /// Creates the store from configured digests (hex).
    public init(_ tokens: [DaemonConfiguration.TokenSettings]) {
        var byDigest: [[UInt8]: Holder] = [:]
        for token in tokens {
            if let digest = HexDigest.bytes(token.sha256) { byDigest[digest] = Holder(name: token.name, role: token.role) }
        }
        self.byDigest = byDigest
    }

    /// The holder of `token`, or nil. Lookup is by the digest, so timing does not reveal the token.
    public func holder(of token: Substring) -> Holder? {
        byDigest[Array(SHA256.hash(data: Array(token.utf8)))]
    }

    /// The hex SHA-256 of a token, as the configuration stores it (`labelgated hash-token`).
    public static func digest(of token: String) -> String {
        Hex.encode(SHA256.hash(data: Array(token.utf8)))
    }
}

/// Hex digests to bytes.
enum HexDigest {
    static func bytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.lowercased().utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        default: return nil
        }
    }
}
