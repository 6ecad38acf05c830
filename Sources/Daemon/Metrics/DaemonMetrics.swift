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
    private let counters = Mutex<[VerdictKey: Counter]>([:])
    private let printers = Mutex<[String: Gauge]>([:])
    private let refusedConnections: Counter
    private let openConnections: Gauge
    private let stalledConnections: Counter

    /// Creates the metrics.
    public init() {
        latency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "labelgate", metricName: "scan_latency", unitName: "seconds",
                helpText: "Time from a scan reaching the daemon to its audited verdict"),
            buckets: [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                      .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(500)])
        refusedConnections = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "labelgate", metricName: "api_connections_refused", unitName: "total",
                helpText: "API connections closed at once because max_connections were open"))
        openConnections = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "labelgate", metricName: "api_connections", unitName: "open",
                helpText: "API connections open now"))
        stalledConnections = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "labelgate", metricName: "api_connections_stalled", unitName: "total",
                helpText: "API connections closed because the client stopped reading (stalled_write_seconds)"))
    }

    private static var verdicts: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "labelgate", metricName: "verdicts", unitName: "total",
            helpText: "Audited verdicts by outcome, refusal reason and station")
    }

    private static var printerUp: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "labelgate", metricName: "printer", unitName: "up", helpText: "1 when the printer is ready")
    }

    /// The labels of one verdict counter.
    private struct VerdictKey: Hashable {
        var outcome: Verdict.Outcome
        var reason: RefusalReason?
        var station: String
    }

    /// Counts a verdict and its latency.
    public func record(_ verdict: Verdict, latency duration: Duration?) {
        let key = VerdictKey(outcome: verdict.outcome, reason: verdict.reason, station: verdict.station)
        let counter = counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = registry.makeCounter(
                descriptor: Self.verdicts,
                labels: [
                    ("outcome", key.outcome.rawValue), ("reason", key.reason?.rawValue ?? "none"),
                    ("station", key.station),
                ])
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
            let made = registry.makeGauge(descriptor: Self.printerUp, labels: [("printer", name)])
            printers[name] = made
            return made
        }
        gauge.set(up ? Double(1) : Double(0))
    }

    /// Counts a connection refused at the cap.
    public func connectionRefused() { refusedConnections.increment() }

    /// Sets the number of open API connections.
    public func connectionsOpen(_ count: Int) { openConnections.set(Double(count)) }

    /// Counts a connection closed because its client stopped reading.
    public func connectionStalled() { stalledConnections.increment() }

    /// The text exposition format.
    public func exposition() -> String {
        registry.emitToString()
    }
}
