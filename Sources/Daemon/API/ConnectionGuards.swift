import Logging
import NIOCore
import Synchronization

/// The count of open API connections (Unix socket and TCP together) against `max_connections`.
///
/// Each accepted connection asks for a slot first thing; one over the cap is closed at once, before a byte of it is
/// read, and counted; the open connections are not disturbed. Slots come back when connections close (the idle
/// timeout closes idle ones; `StalledWriteGuard` closes those that stopped reading).
final class ConnectionSlots: Sendable {
    /// The cap.
    let limit: Int
    private let open = Atomic<Int>(0)
    private let refusedCount = Atomic<Int>(0)
    private let metrics: DaemonMetrics?
    private let logger: Logger?
    private let lastWarning = Mutex<ContinuousClock.Instant?>(nil)
    /// At most one warning per this interval while connections are refused (each one is counted regardless).
    static let warningInterval = Duration.seconds(60)

    init(limit: Int, metrics: DaemonMetrics?, logger: Logger? = nil) {
        self.limit = limit
        self.metrics = metrics
        self.logger = logger
    }

    /// Connections open now.
    var openConnections: Int { open.load(ordering: .relaxed) }
    /// Connections closed at once because the cap was reached.
    var refused: Int { refusedCount.load(ordering: .relaxed) }

    /// Takes a slot; false (and counted) when every slot is taken.
    func acquire() -> Bool {
        while true {
            let current = open.load(ordering: .relaxed)
            guard current < limit else {
                let total = refusedCount.add(1, ordering: .relaxed).newValue
                metrics?.connectionRefused()
                warnRefused(total: total)
                return false
            }
            if open.compareExchange(expected: current, desired: current + 1, ordering: .relaxed).exchanged {
                metrics?.connectionsOpen(current + 1)
                return true
            }
        }
    }

    private func warnRefused(total: Int) {
        guard let logger else { return }
        let now = ContinuousClock.now
        let due = lastWarning.withLock { last -> Bool in
            guard last.map({ now - $0 >= Self.warningInterval }) ?? true else { return false }
            last = now
            return true
        }
        if due {
            logger.warning(
                "API connection refused: max_connections reached",
                metadata: ["max_connections": "\(limit)", "refused_total": "\(total)"])
        }
    }

    /// Gives a slot back.
    func release() {
        let now = open.subtract(1, ordering: .relaxed).newValue
        metrics?.connectionsOpen(now)
    }

    /// The handler that holds one connection's slot (a new one per connection).
    func handler() -> ConnectionSlotHandler { ConnectionSlotHandler(slots: self) }
}

/// Holds one slot for its connection, from activation to close; closes the connection at once without one.
final class ConnectionSlotHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let slots: ConnectionSlots
    private var holding = false
    private var decided = false

    init(slots: ConnectionSlots) {
        self.slots = slots
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { decide(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        decide(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A connection over the cap is being closed: nothing it sent is handled.
        guard holding else { return }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        giveBack()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        giveBack()
    }

    private func decide(_ context: ChannelHandlerContext) {
        guard !decided else { return }
        decided = true
        holding = slots.acquire()
        if !holding { context.close(promise: nil) }
    }

    private func giveBack() {
        guard holding else { return }
        holding = false
        slots.release()
    }
}

/// Closes a connection that stays unable to take more bytes for `limit`: a client that stopped reading (its socket
/// buffer and NIO's outbound buffer full). The pending write fails, the handler that wrote it (an event stream)
/// ends, and its subscription is freed; a client that reads, however slowly, is never cut off by this.
final class StalledWriteGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let limit: TimeAmount
    private let onClose: @Sendable () -> Void
    private var timer: Scheduled<Void>?

    init(limit: TimeAmount, onClose: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.onClose = onClose
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            timer?.cancel()
            timer = nil
        } else if timer == nil {
            let channel = context.channel
            let onClose = onClose
            timer = context.eventLoop.scheduleTask(in: limit) {
                guard !channel.isWritable else { return }
                onClose()
                channel.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }
}
