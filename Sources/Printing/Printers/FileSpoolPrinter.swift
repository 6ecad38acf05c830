import Foundation
import Gate
import LabelgateCore
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

    /// Writes the label's PNG and ZPL.
    public func deliver(_ label: PrintableLabel) async -> PrintDelivery {
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
