import Foundation
import Gate
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

    /// Forwards to the backend and records the outcome.
    public func deliver(_ label: PrintableLabel) async -> PrintDelivery {
        let delivery = await base.deliver(label)
        switch delivery {
        case .printed, .sent:
            registry.update(kind: "printer", id: name, station: station, state: "ready")
            metrics.printerUp(name, true)
        case .failed(let reason), .uncertain(let reason):
            registry.update(kind: "printer", id: name, station: station, state: "failed", detail: reason)
            metrics.printerUp(name, false)
        }
        return delivery
    }

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
