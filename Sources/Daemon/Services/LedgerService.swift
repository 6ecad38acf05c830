import Logging
import ServiceLifecycle

/// First in the group: checks the ledger answers, restores the two-operator state from the audit trail, reports
/// the ledger up, then holds until shutdown (the ledger is closed after every later service has stopped).
struct LedgerService: Service {
    let core: DaemonCore
    let logger: Logger

    func run() async throws {
        guard await core.liveness() else {
            throw DaemonError(.ledger, "the ledger did not answer a read")
        }
        try await core.verification.restore()
        core.readiness.markUp(.ledger)
        logger.info("ledger up")
        try? await gracefulShutdown()
        logger.info("ledger service stopping")
    }
}
