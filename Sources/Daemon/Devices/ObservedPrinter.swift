import Foundation
import Gate
import Ledger
import Printing

/// A printer backend whose outcomes update the device registry (printer state on the event stream and in metrics).
/// It only forwards what the gate hands it: the gate decides, renders and reads back before `deliver` is called.
public struct ObservedPrinter: LabelPrinting {
    let base: any LabelPrinting
    let registry: DeviceRegistry
    let metrics: DaemonMetrics
    let station: String?
    /// The spool directory, for the health check.
    let directory: URL

    /// The configured printer name.
    public var name: String { base.name }

    /// Forwards to the backend and records the outcome of the job's last label.
    public func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery] {
        let deliveries = await base.deliver(labels, journal: journal)
        switch deliveries.last {
        case .printed, .sent, nil:
            registry.update(kind: "printer", id: name, station: station, state: "ready")
            metrics.printerUp(name, true)
        case .failed(let reason), .uncertain(let reason):
            registry.update(kind: "printer", id: name, station: station, state: "failed", detail: reason)
            metrics.printerUp(name, false)
        }
        return deliveries
    }

    /// Forwards to the backend (a label sent before a restart; never resent).
    public func recover(_ job: PrintJobReference) async -> PrintDelivery { await base.recover(job) }

    /// The backend's state.
    public func status() async -> PrinterStatus { await base.status() }

    /// Checks the spool directory can be written; updates the registry.
    func checkHealth() {
        let manager = FileManager.default
        var ok = (try? manager.createDirectory(at: directory, withIntermediateDirectories: true)) != nil
        ok = ok && manager.isWritableFile(atPath: directory.path)
        registry.update(
            kind: "printer", id: name, station: station, state: ok ? "ready" : "failed",
            detail: ok ? nil : "spool directory not writable")
        metrics.printerUp(name, ok)
    }
}
