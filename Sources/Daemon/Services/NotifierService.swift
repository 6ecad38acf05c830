import Foundation
import Logging
import ServiceLifecycle

/// Last in the group (so first to stop): sends `READY=1` once the ledger, the devices and the API are up, then
/// `WATCHDOG=1` at half the watchdog interval, each time only after a liveness check (a ledger read) passed. On
/// shutdown it sends `STOPPING=1`.
struct NotifierService: Service {
    let core: DaemonCore
    let notify: SystemdNotify
    let watchdog: Duration?
    let logger: Logger
    let clock = ContinuousClock()

    func run() async throws {
        try await withGracefulShutdownHandler {
            do {
                try await cancelWhenGracefulShutdown { try await notifyLoop() }
            } catch is CancellationError {
                return
            }
        } onGracefulShutdown: {
            notify.send("STOPPING=1")
        }
    }

    private func notifyLoop() async throws {
        await core.readiness.waitUntilReady()
        guard core.readiness.isReady else { return }
        let startup = core.startedAt.distance(to: Date())
        notify.send("READY=1\nSTATUS=ready: \(core.configuration.stations.count) station(s)\nMAINPID=\(getpid())")
        logger.info("ready", metadata: ["startupMilliseconds": "\(Int(startup * 1000))"])
        guard let watchdog else {
            try await gracefulShutdown()
            return
        }
        while !Task.isCancelled {
            try await Task.sleep(for: watchdog / 2)
            if await core.liveness(timeout: watchdog / 4) {
                notify.send("WATCHDOG=1")
            } else {
                logger.error("liveness check failed; not feeding the watchdog")
                notify.send("STATUS=liveness check failed")
            }
        }
    }
}
