import Dispatch
import Foundation
import Gate
import LabelgateCore
import Ledger
import Logging

/// A Zebra (ZPL) printer over raw TCP 9100.
///
/// Per batch: `~HS` and `~HQES` must show no fault before anything is sent (a silent `~HS` is a fault, never "OK").
/// Each label is one `^XA…^XZ` with the raster as a compressed `^GFA` graphic and `^PQ1`. At most `window` labels are
/// in the printer at once; `~HS` is polled while they print, and a label counts as printed once the printer's
/// formats-in-buffer plus labels-remaining no longer cover it. On a fault (paper out, head open, ribbon out, pause,
/// silence, garbage): nothing more is sent, `~JA` cancels what the printer still holds (those labels are failed), the
/// label under the head is uncertain (never re-issued automatically), and labels not yet sent are failed.
public final class ZPLPrinter: LabelPrinting {
    /// How to reach and drive the printer.
    public struct Configuration: Sendable {
        /// Host name or address.
        public var host: String
        /// TCP port (9100).
        public var port: Int
        /// Labels in the printer at once (1–3).
        public var window: Int
        /// How long `~HS` may take before the printer counts as faulted, seconds.
        public var statusTimeout: Double
        /// Between status polls while labels print, seconds.
        public var pollInterval: Double
        /// How long one label may take to print before the batch counts as stuck, seconds.
        public var labelTimeout: Double

        /// Creates a configuration.
        public init(
            host: String, port: Int = 9100, window: Int = 2, statusTimeout: Double = 1.5, pollInterval: Double = 0.05,
            labelTimeout: Double = 15
        ) {
            self.host = host
            self.port = port
            self.window = max(1, min(3, window))
            self.statusTimeout = statusTimeout
            self.pollInterval = pollInterval
            self.labelTimeout = labelTimeout
        }
    }

    public let name: String
    /// The longest `~HS` or `~HQES` answer read (a real one is under 200 bytes): a printer that streams more, or
    /// never completes its answer, is cut off there and its answer is garbage (a fault).
    static let maximumStatusBytes = 4096
    /// The configuration.
    public let configuration: Configuration
    private let logger: Logger
    private let queue: DispatchQueue

    /// Creates the backend; nothing connects until a batch or a status call.
    public init(name: String, configuration: Configuration, logger: Logger) {
        self.name = name
        self.configuration = configuration
        self.logger = logger
        self.queue = DispatchQueue(label: "labelgate.zpl.\(name)")
    }

    private var location: String { "zpl://\(configuration.host):\(configuration.port)" }

    public func status() async -> PrinterStatus {
        let connection: BlockingSocket
        do {
            connection = try await onQueue { [configuration] () throws(PrintingError) in
                try BlockingSocket(host: configuration.host, port: configuration.port, timeout: configuration.statusTimeout)
            }
        } catch {
            return PrinterStatus(ready: false, reasons: ["unreachable"], detail: error.reason)
        }
        let faults = await readiness(connection)
        return PrinterStatus(ready: faults.isEmpty, reasons: faults, detail: location)
    }

    public func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery] {
        let connection: BlockingSocket
        do {
            connection = try await onQueue { [configuration] () throws(PrintingError) in
                try BlockingSocket(host: configuration.host, port: configuration.port, timeout: configuration.statusTimeout)
            }
        } catch {
            return labels.map { _ in .failed(reason: "printer \(name) unreachable: \(error.reason)") }
        }
        let before = await readiness(connection)
        guard before.isEmpty else {
            return labels.map { _ in .failed(reason: "printer \(name) not ready: \(before.joined(separator: ", "))") }
        }
        var batch = Batch(count: labels.count)
        for label in labels {
            while batch.inPrinter >= configuration.window, batch.fault == nil {
                await poll(connection, &batch)
            }
            if batch.fault != nil { break }
            guard await journal.willSend(label.serial) else {
                batch.fault = (["ledger"], "the ledger could not record the label as sent", false)
                break
            }
            let format = Array(ZPLGraphic.label(label.rendered.image, comment: "LABELGATE SERIAL \(label.serial.text)").utf8)
            do {
                try await onQueue { [configuration] () throws(PrintingError) in
                    try connection.write(format, timeout: configuration.labelTimeout)
                }
                batch.sent += 1
            } catch {
                batch.sent += 1
                batch.fault = (["connection-lost"], error.reason, true)
                break
            }
        }
        var lastProgress = Date()
        var confirmedAtLastProgress = batch.confirmed
        while batch.fault == nil, batch.confirmed < batch.sent {
            await poll(connection, &batch)
            if batch.confirmed > confirmedAtLastProgress {
                confirmedAtLastProgress = batch.confirmed
                lastProgress = Date()
            } else if Date().timeIntervalSince(lastProgress) > configuration.labelTimeout {
                batch.fault = (["stuck"], "no label finished within \(Int(configuration.labelTimeout)) s", true)
            }
        }
        if let fault = batch.fault { await stop(connection, batch: batch, fault: fault) }
        return outcomes(batch)
    }

    /// State of one batch on the wire.
    private struct Batch {
        var count: Int
        var sent = 0
        var confirmed = 0
        /// Faults, words, and whether the printer's counts are unknown (silent, garbage, lost connection).
        var fault: (reasons: [String], detail: String, blind: Bool)?
        var inPrinter: Int { sent - confirmed }
    }

    private func poll(_ connection: BlockingSocket, _ batch: inout Batch) async {
        try? await Task.sleep(for: .milliseconds(Int(configuration.pollInterval * 1000)))
        switch await hostStatus(connection) {
        case .success(let status):
            batch.confirmed = max(batch.confirmed, min(batch.sent, batch.sent - status.pending))
            if !status.faults.isEmpty { batch.fault = (status.faults, "the printer reports a fault", false) }
        case .failure(let error):
            batch.fault = (["status-unknown"], error.reason, true)
        }
    }

    /// After a fault: cancel what the printer still holds and learn why (`~HQES`) when `~HS` could not say.
    private func stop(_ connection: BlockingSocket, batch: Batch, fault: (reasons: [String], detail: String, blind: Bool))
        async
    {
        try? await onQueue { () throws(PrintingError) in try connection.write(Array("~JA".utf8), timeout: 1) }
        logger.warning(
            "ZPL batch stopped",
            metadata: [
                "printer": "\(name)", "faults": "\(fault.reasons.joined(separator: ","))", "sent": "\(batch.sent)",
                "confirmed": "\(batch.confirmed)",
            ])
    }

    private func outcomes(_ batch: Batch) -> [PrintDelivery] {
        (0..<batch.count).map { index in
            if index < batch.confirmed { return .printed(location: location) }
            let fault = batch.fault.map { "\($0.reasons.joined(separator: ", ")): \($0.detail)" } ?? "unknown"
            if index < batch.sent {
                if index == batch.confirmed || batch.fault?.blind == true {
                    return .uncertain(reason: "under the head or unconfirmed when \(name) stopped (\(fault))")
                }
                return .failed(reason: "cancelled in \(name) with ~JA, not printed (\(fault))")
            }
            return .failed(reason: "not sent: \(name) stopped (\(fault))")
        }
    }

    /// Faults before a batch: `~HS` must answer without faults and `~HQES` must show no error.
    private func readiness(_ connection: BlockingSocket) async -> [String] {
        switch await hostStatus(connection) {
        case .failure(let error):
            let reasons = await errorStatus(connection)?.faults ?? []
            return ["status-unknown"] + reasons + [error.reason]
        case .success(let status):
            var faults = status.faults
            if let errors = await errorStatus(connection) {
                faults += errors.faults.filter { !faults.contains($0) }
            } else {
                faults.append("status-unknown")
            }
            return faults
        }
    }

    private func hostStatus(_ connection: BlockingSocket) async -> Result<ZPLHostStatus, PrintingError> {
        let timeout = configuration.statusTimeout
        do {
            let answer = try await onQueue { () throws(PrintingError) in
                try connection.drain()
                try connection.write(Array("~HS".utf8), timeout: timeout)
                return try connection.read(
                    timeout: timeout, maxBytes: Self.maximumStatusBytes, until: ZPLHostStatus.isComplete)
            }
            guard !answer.isEmpty else { return .failure(PrintingError(.printer, "~HS: no answer (a fault)")) }
            guard let status = ZPLHostStatus(answer: answer) else {
                return .failure(PrintingError(.printer, "~HS: the printer answered garbage"))
            }
            return .success(status)
        } catch {
            return .failure(error)
        }
    }

    private func errorStatus(_ connection: BlockingSocket) async -> ZPLErrorStatus? {
        let timeout = configuration.statusTimeout
        let answer = try? await onQueue { () throws(PrintingError) in
            try connection.drain()
            try connection.write(Array("~HQES".utf8), timeout: timeout)
            return try connection.read(
                timeout: timeout, maxBytes: Self.maximumStatusBytes, until: ZPLErrorStatus.isComplete)
        }
        return answer.flatMap { ZPLErrorStatus(answer: $0) }
    }

    /// Runs blocking socket work on this printer's own queue, off the cooperative pool.
    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws(PrintingError) -> T) async throws(PrintingError)
        -> T
    {
        let result: Result<T, PrintingError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(PrintingError) in try body() })
            }
        }
        return try result.get()
    }
}
