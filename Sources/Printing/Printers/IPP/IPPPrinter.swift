import Dispatch
import Foundation
import Gate
import LabelgateCore
import Ledger
import Logging

/// An IPP Everywhere printer: one Print-Job per label with the raster as PNG at the printer's native resolution.
///
/// Before a batch the printer's state and `printer-state-reasons` (severity suffixes stripped) must show no fault.
/// `server-error-busy` is retried. Each job is followed (Get-Job-Attributes) until it ends: `completed` counts as
/// printed only when the printer confirms impressions and is not a raw queue (a raw queue's `completed` means the
/// bytes were passed on: `sent`); `canceled` is failed; `aborted` is uncertain; a job still held (media needed…)
/// stays `sent` and the batch stops.
public final class IPPPrinter: LabelPrinting {
    /// How to reach and follow the printer.
    public struct Configuration: Sendable {
        /// `ipp://host:port/ipp/print`.
        public var uri: String
        /// True for a queue that passes bytes on without knowing whether they printed.
        public var rawQueue: Bool
        /// Per request, seconds.
        public var timeout: Double
        /// How long a job may take before the batch stops, seconds.
        public var jobTimeout: Double
        /// Between job polls, seconds.
        public var pollInterval: Double
        /// How long `server-error-busy` is retried, seconds.
        public var busyRetryFor: Double

        /// Creates a configuration.
        public init(
            uri: String, rawQueue: Bool = false, timeout: Double = 5, jobTimeout: Double = 30,
            pollInterval: Double = 0.1, busyRetryFor: Double = 20
        ) {
            self.uri = uri
            self.rawQueue = rawQueue
            self.timeout = timeout
            self.jobTimeout = jobTimeout
            self.pollInterval = pollInterval
            self.busyRetryFor = busyRetryFor
        }
    }

    public let name: String
    /// The configuration.
    public let configuration: Configuration
    private let logger: Logger
    private let queue: DispatchQueue
    private let requestIDs = RequestCounter()

    /// Reasons that stop a batch (after the suffix is stripped).
    static let stoppingReasons: Set<String> = [
        "media-empty", "media-needed", "media-jam", "door-open", "cover-open", "marker-supply-empty",
        "input-tray-missing", "paused", "shutdown", "stopped", "offline",
    ]

    /// Creates the backend.
    public init(name: String, configuration: Configuration, logger: Logger) {
        self.name = name
        self.configuration = configuration
        self.logger = logger
        self.queue = DispatchQueue(label: "labelgate.ipp.\(name)")
    }

    /// `media-empty-report` → `media-empty`.
    public static func strippedReason(_ keyword: String) -> String {
        for suffix in ["-report", "-warning", "-error"] where keyword.hasSuffix(suffix) {
            return String(keyword.dropLast(suffix.count))
        }
        return keyword
    }

    public func status() async -> PrinterStatus {
        switch await printerState() {
        case .failure(let error): return PrinterStatus(ready: false, reasons: ["unreachable"], detail: error.reason)
        case .success(let state):
            let stopping = state.reasons.filter(Self.stoppingReasons.contains)
            return PrinterStatus(
                ready: stopping.isEmpty && state.state != 5, reasons: state.reasons.filter { $0 != "none" },
                detail: configuration.uri)
        }
    }

    public func deliver(_ labels: [PrintableLabel], journal: any PrintJournal) async -> [PrintDelivery] {
        let printer: PrinterState
        switch await printerState() {
        case .failure(let error):
            return labels.map { _ in .failed(reason: "printer \(name) unreachable: \(error.reason)") }
        case .success(let state): printer = state
        }
        let stopping = printer.reasons.filter(Self.stoppingReasons.contains)
        guard stopping.isEmpty, printer.state != 5 else {
            let why = stopping.isEmpty ? "stopped" : stopping.joined(separator: ", ")
            return labels.map { _ in .failed(reason: "printer \(name) not ready: \(why)") }
        }
        var out: [PrintDelivery] = []
        var stopped: String?
        for label in labels {
            if let stopped {
                out.append(.failed(reason: "not sent: \(stopped)"))
                continue
            }
            let delivery = await deliverOne(label, journal: journal, printer: printer)
            switch delivery {
            case .printed: break
            case .sent(let text) where !text.hasPrefix("held"): break
            case .sent(let text), .failed(let text), .uncertain(let text): stopped = "\(name) stopped at \(label.serial): \(text)"
            }
            out.append(delivery)
        }
        return out
    }

    public func recover(_ job: PrintJobReference) async -> PrintDelivery {
        guard let text = job.job, let id = Int32(text) else {
            return .uncertain(reason: "sent to \(name) before a restart; no job id was recorded")
        }
        switch await jobState(id) {
        case .failure(let error): return .uncertain(reason: "sent before a restart; job \(id) unknown: \(error.reason)")
        case .success(let state): return outcome(of: state, id: id, final: true)
        }
    }

    private func deliverOne(_ label: PrintableLabel, journal: any PrintJournal, printer: PrinterState) async
        -> PrintDelivery
    {
        let document: Data
        do {
            document = try PNGWriter.png(label.rendered.image)
        } catch {
            return .failed(reason: error.reason)
        }
        guard await journal.willSend(label.serial) else {
            return .failed(reason: "the ledger could not record the label as sent")
        }
        let dpi = Int32(label.rendered.image.dotsPerInch)
        var resolution = IPPMessage.Value.integer(0x32, dpi).bytes + IPPMessage.Value.integer(0x32, dpi).bytes
        resolution.append(3)  // dots per inch
        var request = IPPMessage.request(
            0x0002, id: requestIDs.next(), printerURI: configuration.uri,
            [
                .init(name: "requesting-user-name", values: [.text(IPPMessage.Tag.nameWithoutLanguage, "labelgate")]),
                .init(name: "job-name", values: [.text(IPPMessage.Tag.nameWithoutLanguage, label.serial.text)]),
                .init(name: "document-format", values: [.text(IPPMessage.Tag.mimeMediaType, "image/png")]),
            ])
        // Only what the printer says it supports (an unsupported value would get the job refused); the PNG itself
        // carries its resolution (pHYs) either way.
        var jobAttributes: [IPPMessage.Attribute] = []
        if printer.resolutions.contains(dpi) {
            jobAttributes.append(.init(name: "printer-resolution", values: [.init(tag: 0x32, bytes: resolution)]))
        }
        if printer.scalings.contains("none") {
            jobAttributes.append(.init(name: "print-scaling", values: [.text(IPPMessage.Tag.keyword, "none")]))
        }
        if !jobAttributes.isEmpty { request.groups.append(.init(tag: IPPMessage.Tag.job, attributes: jobAttributes)) }
        request.data = Array(document)
        let started = Date()
        var response: IPPMessage
        while true {
            do {
                response = try await send(request)
            } catch {
                return .uncertain(reason: "Print-Job to \(name) got no answer: \(error.reason)")
            }
            guard response.code == 0x0507, Date().timeIntervalSince(started) < configuration.busyRetryFor else { break }
            try? await Task.sleep(for: .milliseconds(200))
            request.requestID = requestIDs.next()
        }
        guard response.code < 0x0100 else {
            return .failed(reason: "\(name) refused the job: IPP status 0x\(String(response.code, radix: 16))")
        }
        guard let id = response.attribute("job-id").first?.integer else {
            return .uncertain(reason: "\(name) accepted the job without a job-id")
        }
        await journal.accepted(label.serial, job: String(id))
        let deadline = Date().addingTimeInterval(configuration.jobTimeout)
        while true {
            try? await Task.sleep(for: .milliseconds(Int(configuration.pollInterval * 1000)))
            let state: JobState
            switch await jobState(id) {
            case .failure(let error): return .uncertain(reason: "job \(id) could not be followed: \(error.reason)")
            case .success(let found): state = found
            }
            if state.state >= 7 || Date() > deadline { return outcome(of: state, id: id, final: state.state >= 7) }
            let printer = (try? await printerState().get())?.reasons ?? []
            let stopping = printer.filter(Self.stoppingReasons.contains)
            if !stopping.isEmpty, state.state != 5 || printer.contains("media-needed") {
                return .sent(location: "held at \(name), job \(id): \(stopping.joined(separator: ", "))")
            }
        }
    }

    private func outcome(of state: JobState, id: Int32, final: Bool) -> PrintDelivery {
        let location = "\(configuration.uri) job \(id)"
        let reasons = state.reasons.joined(separator: ", ")
        switch state.state {
        case 9:
            if configuration.rawQueue || state.impressions < 1 {
                return .sent(location: "\(location) (completed by a raw queue: sent, not confirmed printed)")
            }
            return .printed(location: location)
        case 7: return .failed(reason: "job \(id) canceled: \(reasons)")
        case 8: return .uncertain(reason: "job \(id) aborted by the printer: \(reasons)")
        default: return .sent(location: "held at \(name), job \(id) still \(state.state): \(reasons)")
        }
    }

    struct JobState: Sendable {
        var state: Int32
        var reasons: [String]
        var impressions: Int32
    }

    struct PrinterState: Sendable {
        var state: Int32
        var reasons: [String]
        var resolutions: [Int32] = []
        var scalings: [String] = []
    }

    private func jobState(_ id: Int32) async -> Result<JobState, PrintingError> {
        let request = IPPMessage.request(
            0x0009, id: requestIDs.next(), printerURI: configuration.uri,
            [
                .init(name: "job-id", values: [.integer(IPPMessage.Tag.integer, id)]),
                .init(name: "requesting-user-name", values: [.text(IPPMessage.Tag.nameWithoutLanguage, "labelgate")]),
            ])
        do {
            let response = try await send(request)
            guard response.code < 0x0100 else {
                return .failure(PrintingError(.printer, "Get-Job-Attributes status 0x\(String(response.code, radix: 16))"))
            }
            return .success(
                JobState(
                    state: response.attribute("job-state").first?.integer ?? 0,
                    reasons: response.attribute("job-state-reasons").map { Self.strippedReason($0.string) },
                    impressions: response.attribute("job-impressions-completed").first?.integer ?? 0))
        } catch {
            return .failure(error)
        }
    }

    private func printerState() async -> Result<PrinterState, PrintingError> {
        let request = IPPMessage.request(
            0x000B, id: requestIDs.next(), printerURI: configuration.uri,
            [
                .init(
                    name: "requested-attributes",
                    values: [
                        .text(IPPMessage.Tag.keyword, "printer-state"),
                        .text(IPPMessage.Tag.keyword, "printer-state-reasons"),
                        .text(IPPMessage.Tag.keyword, "printer-resolution-supported"),
                        .text(IPPMessage.Tag.keyword, "print-scaling-supported"),
                    ])
            ])
        do {
            let response = try await send(request)
            guard response.code < 0x0100 else {
                return .failure(PrintingError(.printer, "Get-Printer-Attributes status 0x\(String(response.code, radix: 16))"))
            }
            return .success(
                PrinterState(
                    state: response.attribute("printer-state").first?.integer ?? 0,
                    reasons: response.attribute("printer-state-reasons").map { Self.strippedReason($0.string) },
                    resolutions: response.attribute("printer-resolution-supported").compactMap { value in
                        guard value.bytes.count == 9, value.bytes[8] == 3 else { return nil }
                        return IPPMessage.Value(tag: value.tag, bytes: Array(value.bytes[0..<4])).integer
                    },
                    scalings: response.attribute("print-scaling-supported").map(\.string)))
        } catch {
            return .failure(error)
        }
    }

    private func send(_ request: IPPMessage) async throws(PrintingError) -> IPPMessage {
        let client: IPPClient = try IPPClient(printerURI: configuration.uri, timeout: configuration.timeout)
        let result: Result<IPPMessage, PrintingError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(PrintingError) in try client.send(request) })
            }
        }
        return try result.get()
    }
}

/// IPP request ids for one printer backend.
final class RequestCounter: @unchecked Sendable {
    // Guarded by `lock`.
    private var value: UInt32 = 0
    private let lock = NSLock()

    func next() -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        value &+= 1
        return value
    }
}
