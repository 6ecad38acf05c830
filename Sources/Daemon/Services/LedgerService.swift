import Logging
import ServiceLifecycle

/// First in the group: checks the ledger answers, restores the two-operator state from the audit trail, then takes
/// this gateway and settles its interrupted print jobs of earlier runs (`PrintRecovery`), reporting each step up; the
/// API answers 503 until all three are (`ReadinessMiddleware`), and READY=1 waits for them. Then it keeps the
/// gateway held until shutdown (the ledger is closed, and the hold released, after every later service stopped).
struct LedgerService: Service {
    let core: DaemonCore
    let logger: Logger

    func run() async throws {
        guard await core.liveness() else {
            throw DaemonError(.ledger, "the ledger did not answer a read")
        }
        core.readiness.markUp(.ledger)
        logger.info("ledger up")
        try await core.verification.restore()
        core.readiness.markUp(.steps)
        let recovery = PrintRecovery(core: core, logger: logger)
        do {
            try await cancelWhenGracefulShutdown { try await recovery.holdAndRecover() }
        } catch is CancellationError {
            await core.gateway.take()?.release()
            logger.info("ledger service stopping before recovery finished")
            return
        }
        core.readiness.markUp(.recovery)
        await cancelWhenGracefulShutdown { await recovery.keepHolding() }
        await core.gateway.take()?.release()
        logger.info("ledger service stopping")
    }
}
