import Foundation
import LabelgateCore
import Prometheus
import Synchronization

/// The daemon's Prometheus metrics: verdicts by outcome and reason, scan-to-verdict latency, printer state,
/// event-stream clients. Exposed at `GET /metrics` (admin token).
public final class DaemonMetrics: Sendable {
    /// The registry the metrics live in (one per daemon; nothing is bootstrapped globally).
    public let registry = PrometheusCollectorRegistry()
    private let latency: DurationHistogram
    private let counters = Mutex<[String: Counter]>([:])
    private let printers = Mutex<[String: Gauge]>([:])

    /// Creates the metrics.
    public init() {
        latency = registry.makeDurationHistogram(
            name: "labelgate_scan_latency_seconds",
            buckets: [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                      .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(500)],
            help: "Time from a scan reaching the daemon to its audited verdict")
    }

    /// Counts a verdict and its latency.
    public func record(_ verdict: Verdict, latency duration: Duration?) {
        let outcome = verdict.outcome.rawValue
        let reason = verdict.reason?.rawValue ?? "none"
        let key = "\(outcome)|\(reason)|\(verdict.station)"
        let counter = counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = registry.makeCounter(
                name: "labelgate_verdicts_total",
                labels: [("outcome", outcome), ("reason", reason), ("station", verdict.station)],
                help: "Audited verdicts by outcome, refusal reason and station")
            counters[key] = made
            return made
        }
        counter.increment()
        if let duration { latency.record(duration) }
    }

    /// Sets a printer's up/down gauge.
    public func printerUp(_ name: String, _ up: Bool) {
        let gauge = printers.withLock { printers in
            if let existing = printers[name] { return existing }
            let made = registry.makeGauge(
                name: "labelgate_printer_up", labels: [("printer", name)], help: "1 when the printer is ready")
            printers[name] = made
            return made
        }
        gauge.set(up ? Double(1) : Double(0))
    }

    /// The text exposition format.
    public func exposition() -> String {
        registry.emitToString()
    }
}
