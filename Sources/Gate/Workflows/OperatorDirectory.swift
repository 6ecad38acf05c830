import Crypto
import Foundation
import LabelgateCore
import Ledger

/// One person who may sign critical steps: a badge identifier, the name printed in the audit trail, and a PIN
/// stored only as a salted SHA-256 (`sha256:<salt hex>:<digest hex>` over `salt || pin`).
public struct OperatorCredential: Sendable, Hashable, Codable {
    /// Badge identifier (barcode or NFC badge content); doubles as the operator ID in the audit trail.
    public var badge: String
    /// Printed name (Part 11: the signer's printed name is part of each signature).
    public var name: String
    /// `sha256:<salt hex>:<digest hex>`.
    public var pinHash: String

    /// Creates a credential from a stored PIN hash.
    public init(badge: String, name: String, pinHash: String) {
        self.badge = badge
        self.name = name
        self.pinHash = pinHash
    }

    /// Hashes `pin` with a fresh random salt, in the stored format.
    public static func hashPIN(_ pin: String, salt: [UInt8]? = nil) -> String {
        let salt = salt ?? (0..<16).map { _ in UInt8.random(in: 0...255) }
        return "sha256:\(Hex.encode(salt)):\(Hex.encode(SHA256.hash(data: salt + Array(pin.utf8))))"
    }

    /// Whether `pin` is this operator's PIN (constant-time comparison of the digests).
    public func verifies(pin: String) -> Bool {
        let parts = pinHash.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "sha256", let salt = HexBytes.decode(parts[1]),
            let stored = HexBytes.decode(parts[2])
        else { return false }
        let digest = Array(SHA256.hash(data: salt + Array(pin.utf8)))
        return ConstantTime.equals(digest, stored)
    }
}

/// Lower-case or upper-case hex to bytes.
enum HexBytes {
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// The operators who may sign critical steps, by badge.
public struct OperatorDirectory: Sendable {
    private let byBadge: [String: OperatorCredential]

    /// Creates a directory; a later duplicate badge replaces an earlier one.
    public init(_ operators: [OperatorCredential]) {
        var byBadge: [String: OperatorCredential] = [:]
        for credential in operators { byBadge[credential.badge] = credential }
        self.byBadge = byBadge
    }

    /// Number of operators.
    public var count: Int { byBadge.count }

    /// The operator with this badge, if the PIN is theirs; an unknown badge and a wrong PIN give the same error.
    public func authenticate(badge: String, pin: String) throws(WorkflowError) -> OperatorCredential {
        guard let credential = byBadge[badge], credential.verifies(pin: pin) else {
            throw WorkflowError(.badCredentials, "badge or PIN not recognised")
        }
        return credential
    }
}
