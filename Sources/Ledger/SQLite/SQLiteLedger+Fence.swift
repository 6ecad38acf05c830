import Foundation
import GRDB
import LabelgateCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension SQLiteLedger: GatewayFencing {
    public func interruptedPrintLabels(scope: PrintRecoveryScope, limit: Int) async throws(LedgerError)
        -> [IssuedLabel]
    {
        let limit = Int64(max(0, limit))
        return try await read { db in
            switch scope {
            case .gateway(let gateway, let excluding):
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT labels.* FROM labels JOIN print_jobs ON print_jobs.serial = labels.serial
                        WHERE labels.state IN ('issued', 'rendered', 'sent') AND print_jobs.gateway = ?
                            AND print_jobs.incarnation <> ?
                        ORDER BY labels.serial LIMIT ?
                        """, arguments: [gateway, excluding, limit]
                ).map(Self.decodeLabel)
            case .unfenced:
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT labels.* FROM labels LEFT JOIN print_jobs ON print_jobs.serial = labels.serial
                        WHERE labels.state IN ('issued', 'rendered', 'sent') AND print_jobs.gateway IS NULL
                        ORDER BY labels.serial LIMIT ?
                        """, arguments: [limit]
                ).map(Self.decodeLabel)
            }
        }
    }

    /// An exclusive `flock` on `<ledger>.gateway-<hash>.lock`, beside the ledger file, for the hold's life. The
    /// kernel drops it when the process dies (even by SIGKILL), so a crashed daemon never blocks its successor.
    public func holdGateway(_ gateway: String) async throws(LedgerError) -> any GatewayHold {
        guard PrintFence.isAcceptable(gateway) else {
            throw LedgerError(.invalidInput, "the gateway must be 1 to 200 printable ASCII characters")
        }
        return try FileGatewayHold(path: Self.gatewayLockPath(ledger: pool.path, gateway: gateway), gateway: gateway)
    }

    /// The lock file of `gateway` beside the ledger at `ledger`.
    public static func gatewayLockPath(ledger: String, gateway: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in gateway.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return ledger + ".gateway-" + String(repeating: "0", count: 16 - hex.count) + hex + ".lock"
    }
}

/// A gateway held by an exclusive, non-blocking `flock` on a file; released on `release()` or process death.
final class FileGatewayHold: GatewayHold {
    let gateway: String
    private let descriptor: Mutex<Int32>

    init(path: String, gateway: String) throws(LedgerError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw LedgerError(.unavailable, "cannot open the gateway lock \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw LedgerError(.conflict, "gateway \(gateway) is held by another process (\(path))")
            }
            throw LedgerError(.unavailable, "cannot lock \(path): \(String(cString: strerror(code)))")
        }
        // The gateway's name, for whoever looks at the file; the lock, not the contents, is what counts.
        let text = Array((gateway + "\n").utf8)
        if ftruncate(fd, 0) == 0 { _ = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
        self.gateway = gateway
        descriptor = Mutex(fd)
    }

    var isHeld: Bool { descriptor.withLock { $0 >= 0 } }

    /// The kernel keeps an flock for as long as its descriptor is open.
    func stillHeld() async -> Bool { isHeld }

    func release() async {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    deinit {
        descriptor.withLock { fd in if fd >= 0 { close(fd) } }
    }
}
