import Logging
import ServiceLifecycle

/// Sends a heartbeat to every API event stream each `event_heartbeat_seconds`: an idle stream still writes, so a
/// client that went away is noticed (the write fails) and one that stopped reading fills its buffer and is closed.
struct EventHeartbeatService: Service {
    let bus: EventBus
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                bus.heartbeat()
            }
        }
    }
}
