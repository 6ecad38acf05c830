import Crypto
import LabelgateCore

/// The hash chain over audit rows: how a row's hash is computed and how a whole trail is checked.
///
/// `hash = SHA-256("labelgate.audit.v1" 0x00 | seq (8 bytes BE) | field…)`, each text field as
/// `length (4 bytes BE) | UTF-8`, absent fields as length 0xFFFFFFFF, then the previous row's 32-byte hash.
public enum AuditChain {
    /// The previous hash of the first row.
    public static let genesis = [UInt8](repeating: 0, count: 32)
    private static let domain = Array("labelgate.audit.v1".utf8) + [0]

    /// Computes the hash of a row from its fields and the previous hash.
    public static func hash(
        sequence: Int64, timestamp: String, actor: String, action: String, subject: String?, reason: String?,
        details: String, previousHash: [UInt8]
    ) -> [UInt8] {
        var sha = SHA256()
        sha.update(data: domain)
        withUnsafeBytes(of: UInt64(bitPattern: sequence).bigEndian) { sha.update(bufferPointer: $0) }
        for field in [timestamp, actor, action, subject, reason, details] as [String?] {
            if let field {
                let bytes = Array(field.utf8)
                withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { sha.update(bufferPointer: $0) }
                sha.update(data: bytes)
            } else {
                withUnsafeBytes(of: UInt32.max.bigEndian) { sha.update(bufferPointer: $0) }
            }
        }
        sha.update(data: previousHash)
        return Array(sha.finalize())
    }

    /// Recomputes a stored row's hash.
    public static func expectedHash(of row: AuditRow) -> [UInt8] {
        hash(
            sequence: row.sequence, timestamp: row.timestamp, actor: row.actor, action: row.action,
            subject: row.subject, reason: row.reason, details: row.details, previousHash: row.previousHash)
    }

    /// Incremental verifier: feed rows in sequence order; it reports the first broken link.
    public struct Verifier: Sendable {
        private var expectedSequence: Int64 = 1
        private var previousHash = AuditChain.genesis
        /// Rows checked so far.
        public private(set) var checked = 0
        /// Creates a verifier for a chain starting at sequence 1.
        public init() {}

        /// Checks the next row; returns the break if this row breaks the chain.
        public mutating func check(_ row: AuditRow) -> AuditChainBreak? {
            defer { checked += 1 }
            if row.sequence != expectedSequence {
                return AuditChainBreak(
                    sequence: row.sequence, kind: row.sequence > expectedSequence ? .missingRows : .outOfOrder,
                    detail: "expected sequence \(expectedSequence), found \(row.sequence)")
            }
            if !ConstantTime.equals(row.previousHash, previousHash) {
                return AuditChainBreak(
                    sequence: row.sequence, kind: .brokenLink,
                    detail: "row \(row.sequence) does not link to the hash of row \(row.sequence - 1)")
            }
            if !ConstantTime.equals(AuditChain.expectedHash(of: row), row.hash) {
                return AuditChainBreak(
                    sequence: row.sequence, kind: .alteredRow,
                    detail: "row \(row.sequence) was altered: its content no longer matches its hash")
            }
            expectedSequence += 1
            previousHash = row.hash
            return nil
        }
    }
}

/// The first place an audit trail stops being intact.
public struct AuditChainBreak: Hashable, Sendable, Codable {
    /// How it is broken.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A row's content does not match its hash (edited).
        case alteredRow
        /// A row does not link to its predecessor (edited predecessor, or rows swapped).
        case brokenLink
        /// Sequence numbers jump (rows deleted).
        case missingRows
        /// Sequence numbers go backwards (rows reordered).
        case outOfOrder
    }

    /// Sequence number of the first bad row.
    public var sequence: Int64
    /// What is wrong.
    public var kind: Kind
    /// Words for the auditor.
    public var detail: String
}

/// The result of walking the whole audit trail.
public struct AuditChainReport: Hashable, Sendable, Codable {
    /// Rows checked.
    public var rowsChecked: Int
    /// Sequence of the last row.
    public var lastSequence: Int64
    /// Hex of the last row's hash (the head to anchor elsewhere).
    public var headHash: String
    /// The first break, or nil when intact.
    public var firstBreak: AuditChainBreak?
    /// True when no break was found.
    public var isIntact: Bool { firstBreak == nil }
}
