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
    /// The spool directory, for the health check of a `file` printer; nil for network printers, whose own state
    /// (`~HS`, IPP printer-state-reasons) is asked.
    let directory: URL?

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

    /// Checks the printer and updates the registry (a change is a `printerState` event): a spool directory must be
    /// writable; a ZPL or IPP printer is asked for its state, and its reasons (`head-open`, `media-empty`, `paused`,
    /// `unreachable`…) become the detail.
    func checkHealth() async {
        let ok: Bool
        let detail: String?
        if let directory {
            let manager = FileManager.default
            let made = (try? manager.createDirectory(at: directory, withIntermediateDirectories: true)) != nil
            ok = made && manager.isWritableFile(atPath: directory.path)
            detail = ok ? nil : "spool directory not writable"
        } else {
            let status = await base.status()
            ok = status.ready
            detail = status.reasons.isEmpty ? nil : status.reasons.joined(separator: ", ")
        }
        registry.update(kind: "printer", id: name, station: station, state: ok ? "ready" : "failed", detail: detail)
        metrics.printerUp(name, ok)
    }
}
