import Foundation
import Gate
import LabelgateCore
import Ledger
import Logging

/// The embedded default printer: each label becomes `<serial>.png` and `<serial>.zpl` side by side in a spool
/// directory, written atomically and durably (synced, renamed into place, the directory synced). The spool file *is*
/// the output, so a label counts as printed once both files are durably on disk; a write failure (disk full,
/// permissions) is a failed delivery and nothing half-written remains. The encoding and the syncs run on dedicated
/// threads (`DurableSpoolWriter`), several labels at once, never on the cooperative pool.
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

    /// Writes every label's PNG and ZPL (the whole job's ledger `sent` step first), stopping at the first label
    /// that cannot be written: it and every later label fail, and nothing of theirs stays in the spool.
    public func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery] {
        guard !labels.isEmpty else { return [] }
        guard await journal.willSend(all: labels.map(\.serial)) else {
            return labels.map { _ in .failed(reason: "the ledger could not record the labels as sent") }
        }
        let items = labels.map { DurableSpoolWriter.Item(serial: $0.serial.text, image: $0.rendered.image) }
        let written = await DurableSpoolWriter.write(items, into: directory)
        return zip(labels, written).map { label, result in
            switch result {
            case .success(let path):
                logger.info("label spooled", metadata: ["serial": "\(label.serial)", "printer": "\(name)"])
                return .printed(location: path)
            case .failure(let failure):
                logger.error(
                    "spool write failed",
                    metadata: ["serial": "\(label.serial)", "printer": "\(name)", "reason": "\(failure.reason)"])
                return .failed(reason: failure.reason)
            }
        }
    }

    /// After a restart: a label sent to the spool printed if both its files are there, else it failed (the write is
    /// atomic, so there is nothing in between); temporary files a crash left behind are removed.
    public func recover(_ job: PrintJobReference) async -> PrintDelivery {
        let paths = DurableSpoolWriter.Paths(directory: directory, serial: job.serial.text)
        paths.removeTemporary()
        let manager = FileManager.default
        if manager.fileExists(atPath: paths.png), manager.fileExists(atPath: paths.zpl) {
            return .printed(location: paths.png)
        }
        try? manager.removeItem(atPath: paths.png)
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
}
