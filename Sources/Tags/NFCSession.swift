import Foundation
import LabelgateCore
import Logging

/// One NFC reader, driven by libnfc on a dedicated thread.
///
/// Every libnfc call runs on the session's own thread (never the Swift cooperative pool); async methods queue a
/// job there and resume when it ends. Cancelling the calling task sends `nfc_abort_command` to the reader and stops
/// a poll. A reader that goes away is closed, and reopened by its connstring on the next job (reconnection); while
/// waiting for a tag, the session keeps trying to reopen it until the deadline.
public final class NFCSession: Sendable {
    private let worker: Worker

    /// Starts the session thread. The reader is opened on first use.
    public init(configuration: NFCConfiguration, logger: Logger) {
        worker = Worker(configuration: configuration, logger: logger)
        let thread = Thread { [worker] in worker.run() }
        thread.name = "labelgate-nfc"
        thread.start()
    }

    deinit { worker.shutDown() }

    /// Stops the thread and closes the reader.
    public func close() { worker.shutDown() }

    /// Waits until a tag is in the field, then reads it: UID, GET_VERSION, READ_SIG and the data area as far as
    /// its NDEF message reaches. Throws `TagError` (`noTag` after `timeout`, `removed`, `readerUnavailable`…).
    public func readTag(timeout: Duration) async throws -> TagReading {
        try await perform { device, token in
            let uid = try Self.waitForTag(device: device, token: token, deadline: .now + timeout, worker: self.worker)
            return try Self.read(uid: uid, device: device)
        }
    }

    /// Identifies the tag in the field (UID, product, signature) without reading its data area.
    public func identifyTag(timeout: Duration) async throws -> TagReading {
        try await perform { device, token in
            let uid = try Self.waitForTag(device: device, token: token, deadline: .now + timeout, worker: self.worker)
            let tag = Type2Tag(device: device, uid: uid)
            let product = try tag.identify()
            let signature = product.hasOriginalitySignature ? try tag.signature() : nil
            device.deselect()
            return TagReading(uid: uid, product: product, signature: signature, dataArea: [])
        }
    }

    /// Writes a plan to the tag with the plan's UID and reads it back (see `TagWriter`).
    public func write(_ plan: TagWriteRequest) async throws -> TagReading {
        try await perform { device, token in
            let uid = try Self.waitForTag(device: device, token: token, deadline: .now + .seconds(2), worker: self.worker)
            guard uid == plan.uid else { throw TagError(.otherTag, "the tag in the field is not the one identified") }
            try TagWriter(tag: Type2Tag(device: device, uid: uid), plan: plan).run()
            return try Self.read(uid: uid, device: device)
        }
    }

    /// Waits until the tag leaves the field (presence check), or until `timeout`; true when it left.
    public func waitForRemoval(timeout: Duration) async throws -> Bool {
        try await perform { device, token in
            let deadline = ContinuousClock.now + timeout
            // Presence is checked on the selected target: select it first (no tag at all means it already left).
            guard try device.selectTypeA() != nil else { return true }
            while ContinuousClock.now < deadline {
                if token.isCancelled { throw TagError(.aborted, "cancelled") }
                if try !device.isPresent() { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return false
        }
    }

    /// Baseline for benchmarks: select and READ pages 4… with libnfc directly, nothing parsed or checked.
    package func rawSelectAndRead(pages: Int) async throws -> [UInt8] {
        try await perform { device, _ in
            guard let uid = try device.selectTypeA() else { throw TagError(.noTag, "no tag") }
            let tag = Type2Tag(device: device, uid: uid)
            var out: [UInt8] = []
            var page = 4
            while page < 4 + pages {
                out += try tag.read(page: page)
                page += 4
            }
            device.deselect()
            return out
        }
    }

    static func read(uid: [UInt8], device: NFCDevice) throws(TagError) -> TagReading {
        let tag = Type2Tag(device: device, uid: uid)
        let product = try tag.identify()
        let signature = product.hasOriginalitySignature ? try tag.signature() : nil
        let area = try tag.dataArea(product: product)
        device.deselect()
        return TagReading(uid: uid, product: product, signature: signature, dataArea: area)
    }

    static func waitForTag(device: NFCDevice, token: CancelToken, deadline: ContinuousClock.Instant, worker: Worker)
        throws(TagError) -> [UInt8]
    {
        while true {
            if token.isCancelled { throw TagError(.aborted, "the wait for a tag was cancelled") }
            if let uid = try device.selectTypeA() { return uid }
            guard ContinuousClock.now < deadline else { throw TagError(.noTag, "no tag entered the field in time") }
            Thread.sleep(forTimeInterval: worker.pollSeconds)
        }
    }

    private func perform<T: Sendable>(
        _ body: @escaping @Sendable (NFCDevice, CancelToken) throws -> T
    ) async throws -> T {
        let token = CancelToken()
        let result: Result<T, TagError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                worker.enqueue(Job(token: token) { device in
                    do {
                        continuation.resume(returning: .success(try body(device, token)))
                    } catch let error as TagError {
                        continuation.resume(returning: .failure(error))
                    } catch {
                        continuation.resume(returning: .failure(TagError(.readerUnavailable, "\(error)")))
                    }
                } fail: { error in
                    continuation.resume(returning: .failure(error))
                })
            }
        } onCancel: {
            token.cancel()
            worker.abort()
        }
        return try result.get()
    }
}

/// Set from any thread to stop a job; read by the session thread between polls.
final class CancelToken: @unchecked Sendable {
    // Confined by `lock`.
    private let lock = NSLock()
    private var cancelled = false

    func cancel() { lock.withLock { cancelled = true } }
    var isCancelled: Bool { lock.withLock { cancelled } }
}

/// A job for the session thread: `run` with the open reader, or `fail` when none can be opened.
struct Job: Sendable {
    let token: CancelToken
    let run: @Sendable (NFCDevice) -> Void
    let fail: @Sendable (TagError) -> Void
}

/// The session thread's state. The queue and `current` are guarded by `condition`; the device is used only on the
/// session thread (`run`), except `NFCDevice.abort()`, which is thread-safe.
final class Worker: @unchecked Sendable {
    let configuration: NFCConfiguration
    let logger: Logger
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var stopped = false
    private var current: NFCDevice?

    init(configuration: NFCConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    var pollSeconds: Double { Self.seconds(configuration.pollInterval) }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func enqueue(_ job: Job) {
        condition.lock()
        if stopped {
            condition.unlock()
            job.fail(TagError(.closed, "the NFC session is closed"))
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func abort() {
        condition.lock()
        let device = current
        condition.unlock()
        device?.abort()
    }

    func shutDown() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        abort()
    }

    func run() {
        var device: NFCDevice?
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if stopped {
                let pending = jobs
                jobs.removeAll()
                condition.unlock()
                for job in pending { job.fail(TagError(.closed, "the NFC session is closed")) }
                device?.close()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            device = open(existing: device, token: job.token, job: job)
            guard let opened = device else { continue }
            condition.lock()
            current = opened
            condition.unlock()
            job.run(opened)
            condition.lock()
            current = nil
            condition.unlock()
            // A reader that failed is closed now and reopened by the next job.
            if let lost = device, !lost.isHealthy {
                logger.warning(
                    "NFC reader lost; it will be reopened", metadata: ["reader": "\(configuration.connstring ?? "default")"])
                lost.close()
            }
        }
    }

    private func open(existing: NFCDevice?, token: CancelToken, job: Job) -> NFCDevice? {
        if let existing, existing.isHealthy { return existing }
        do {
            let device = try NFCDevice(connstring: configuration.connstring, timeout: configuration.commandTimeoutMilliseconds)
            logger.info("NFC reader opened", metadata: ["reader": "\(configuration.connstring ?? "default")"])
            return device
        } catch {
            job.fail(error)
            return nil
        }
    }
}
