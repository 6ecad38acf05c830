import Foundation
import Gate
import Ledger
import Logging
import ServiceLifecycle
import Synchronization

/// The daemon's hold on its gateway identity (`GatewayFencing.holdGateway`), kept for its life: only the holder
/// prints fenced jobs or settles them. Prints are refused while it is not held (before start-up recovery, or after a
/// PostgreSQL session loss until it is taken again).
public final class GatewaySlot: Sendable {
    private let hold = Mutex<(any GatewayHold)?>(nil)

    /// Whether the gateway is held now (as far as is known without asking the lock's keeper).
    public var isHeld: Bool { hold.withLock { $0?.isHeld ?? false } }

    /// Asks the lock's keeper whether the hold still stands.
    func stillHeld() async -> Bool {
        guard let current = hold.withLock({ $0 }) else { return false }
        return await current.stillHeld()
    }

    func set(_ new: (any GatewayHold)?) { hold.withLock { $0 = new } }

    func take() -> (any GatewayHold)? {
        hold.withLock { current in
            defer { current = nil }
            return current
        }
    }
}

/// Start-up recovery, run by `LedgerService` after the step state is restored and before the API decides anything:
/// takes the gateway (waiting, with the reason shown, while another process holds it) and settles this gateway's
/// print jobs of earlier runs against the printers of this daemon's configuration. Nothing is re-sent.
struct PrintRecovery {
    let core: DaemonCore
    let logger: Logger
    /// Time between attempts while the gateway is held elsewhere or the ledger fails.
    var retryInterval: Duration = .seconds(1)

    /// Returns once the gateway is held and recovered; throws `CancellationError` when cancelled first.
    func holdAndRecover() async throws {
        guard let fencing = core.gate.store as? any GatewayFencing else {
            throw DaemonError(.ledger, "this ledger cannot fence print jobs to a gateway")
        }
        let fence = core.printFence
        var reported = ""
        while true {
            try Task.checkCancellation()
            let reason: String
            switch await attempt(fencing, fence: fence) {
            case .success(let count):
                logger.notice(
                    "gateway held; interrupted print jobs settled",
                    metadata: [
                        "gateway": "\(fence.gateway)", "incarnation": "\(fence.incarnation)", "labels": "\(count)",
                    ])
                return
            case .failure(let error):
                reason = error.message
            }
            core.readiness.waiting(.recovery, for: reason)
            if reason != reported {
                logger.error(
                    "start-up recovery waiting", metadata: ["gateway": "\(fence.gateway)", "reason": "\(reason)"])
                reported = reason
            }
            try await Task.sleep(for: retryInterval)
        }
    }

    struct Failure: Error {
        var message: String
    }

    private func attempt(_ fencing: any GatewayFencing, fence: PrintFence) async -> Result<Int, Failure> {
        if !core.gateway.isHeld {
            do {
                core.gateway.set(try await fencing.holdGateway(fence.gateway))
            } catch {
                return .failure(Failure(message: "\(error.code.rawValue): \(error.reason)"))
            }
        }
        do {
            let recovered = try await core.gate.recoverInterruptedPrints(
                printers: Array(core.printers.values), scope: .gateway(fence.gateway, excluding: fence.incarnation))
            for label in recovered {
                core.bus.publish(
                    DaemonEvent(
                        type: .printed, device: nil, state: label.now.rawValue, message: "recovered: \(label.reason)",
                        serials: [label.serial.text]))
            }
            return .success(recovered.count)
        } catch {
            return .failure(Failure(message: "\(error.code.rawValue): \(error.reason)"))
        }
    }

    /// While the daemon runs: takes the gateway again if the hold was lost (a PostgreSQL session that ended).
    func keepHolding(every interval: Duration = .seconds(5)) async {
        guard let fencing = core.gate.store as? any GatewayFencing else { return }
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { break }
            if await core.gateway.stillHeld() { continue }
            logger.error(
                "gateway hold lost; prints refused until it is held again",
                metadata: ["gateway": "\(core.printFence.gateway)"])
            await core.gateway.take()?.release()
            do {
                core.gateway.set(try await fencing.holdGateway(core.printFence.gateway))
                logger.notice("gateway held again", metadata: ["gateway": "\(core.printFence.gateway)"])
            } catch {
                logger.error("gateway not held", metadata: ["reason": "\(error.reason)"])
            }
        }
    }
}

extension DaemonCore {
    /// What `LedgerService` does before the API decides (restore the step state, hold the gateway, recover), without
    /// the service group: for an API served in-process by tests and tools. Fails when another process holds the
    /// gateway rather than waiting for it.
    package func prepareForRequests() async throws {
        readiness.markUp(.ledger)
        try await verification.restore()
        readiness.markUp(.steps)
        guard let fencing = gate.store as? any GatewayFencing else {
            throw DaemonError(.ledger, "this ledger cannot fence print jobs to a gateway")
        }
        gateway.set(try await fencing.holdGateway(printFence.gateway))
        try await PrintRecovery(core: self, logger: logger).holdAndRecover()
        readiness.markUp(.recovery)
    }
}
