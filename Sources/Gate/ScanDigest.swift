import Crypto
import Ledger

/// A short digest of raw scan bytes for the audit trail: it identifies a scan without storing what it said.
enum ScanDigest {
    /// First 16 bytes of SHA-256, as hex.
    static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(Array(SHA256.hash(data: bytes).prefix(16)))
    }
}
