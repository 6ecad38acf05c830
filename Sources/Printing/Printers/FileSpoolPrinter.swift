import Foundation
import Gate
import LabelgateCore
import Ledger
import Logging

/// The embedded default printer: each label becomes `<serial>.png` and `<serial>.zpl` side by side in a spool
/// directory, written atomically. The spool file *is* the output, so a label counts as printed once both files are
/// on disk; a write failure (disk full, permissions) is a failed delivery and nothing half-written remains.
public struct FileSpoolPrinter: LabelPrinting {
    /// The configured printer name.
    public let name: String
    /// The spool directory.
    public let directory: URL
    private let logger: Logger

    /// Creates a spool printer writing into `directory` (created if missing).
    public init(name: String = "spool", directory: URL, logger: Logger) {
        self.name = name
        self.directory = directory
        self.logger = logger
    }

    /// Writes each label's PNG and ZPL, stopping at the first that cannot be written.
    public func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery] {
        await deliverEach(labels, journal: journal) { label in write(label) }
    }

    /// After a restart: a label sent to the spool printed if both its files are there, else it failed (the write is
    /// atomic, so there is nothing in between).
    public func recover(_ job: PrintJobReference) async -> PrintDelivery {
        let png = directory.appendingPathComponent("\(job.serial.text).png")
        let zpl = directory.appendingPathComponent("\(job.serial.text).zpl")
        let manager = FileManager.default
        if manager.fileExists(atPath: png.path), manager.fileExists(atPath: zpl.path) {
            return .printed(location: png.path)
        }
        try? manager.removeItem(at: png)
        return .failed(reason: "not in the spool after a restart")
    }

    /// Ready when the spool directory exists (or can be created) and is writable.
    public func status() async -> PrinterStatus {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            return PrinterStatus(ready: false, reasons: ["spool-unwritable"], detail: directory.path)
        }
        guard manager.isWritableFile(atPath: directory.path) else {
            return PrinterStatus(ready: false, reasons: ["spool-unwritable"], detail: directory.path)
        }
        return PrinterStatus(ready: true, detail: directory.path)
    }

    private func write(_ label: PrintableLabel) -> PrintDelivery {
        let png = directory.appendingPathComponent("\(label.serial.text).png")
        let zpl = directory.appendingPathComponent("\(label.serial.text).zpl")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let pngData: Data
            do {
                pngData = try PNGWriter.png(label.rendered.image)
            } catch {
                return .failed(reason: error.description)
            }
            try pngData.write(to: png, options: .atomic)
            try Data(ZPLGraphic.label(label.rendered.image).utf8).write(to: zpl, options: .atomic)
        } catch {
            try? FileManager.default.removeItem(at: png)
            try? FileManager.default.removeItem(at: zpl)
            logger.error("spool write failed", metadata: ["serial": "\(label.serial)", "printer": "\(name)"])
            return .failed(reason: "spool write failed: \(error.localizedDescription)")
        }
        logger.info("label spooled", metadata: ["serial": "\(label.serial)", "printer": "\(name)"])
        return .printed(location: png.path)
    }
}
