import LabelgateCore
import Ledger
import Logging

/// The gate's journal for one delivery: records `sent` (and where) durably before a label's bytes leave, and the
/// printer's job reference when it gives one, so a restart finds every label that may have reached the printer.
actor GatePrintJournal: PrintJournal {
    private let store: any LedgerStore
    private let printer: String
    private let actor: Actor
    private let logger: Logger
    private var sent: Set<LabelSerial> = []

    init(store: any LedgerStore, printer: String, actor: Actor, logger: Logger) {
        self.store = store
        self.printer = printer
        self.actor = actor
        self.logger = logger
    }

    func willSend(_ serial: LabelSerial) async -> Bool { await willSend(all: [serial]) }

    func willSend(all serials: [LabelSerial]) async -> Bool {
        do {
            try await store.markSent(serials, printer: printer, by: actor)
            sent.formUnion(serials)
            return true
        } catch {
            logger.error("could not record labels as sent", metadata: ["count": "\(serials.count)", "error": "\(error.code)"])
            return false
        }
    }

    func accepted(_ serial: LabelSerial, job: String) async {
        do {
            try await store.recordPrintJob(serial, printer: printer, job: job, by: actor)
        } catch {
            logger.error("could not record a print job", metadata: ["serial": "\(serial)", "error": "\(error.code)"])
        }
    }

    func wasSent(_ serial: LabelSerial) -> Bool { sent.contains(serial) }
}
