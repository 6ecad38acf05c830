import LabelgateCore
import Ledger

/// A request to print labels for one bag of a record.
public struct PrintRequest: Sendable {
    /// The record.
    public var coi: ChainOfIdentityID
    /// The bag, with the flags to print (container of a set…).
    public var din: DIN
    /// The record fingerprint the request was prepared from (`labelgate record show` prints it). The gate
    /// recomputes it from the ledger and refuses on any difference: a wrong or stale record never prints.
    public var recordFingerprint: IdentityHash
    /// Payload profile.
    public var profile: LabelProfile
    /// Template name (`bag`, `small-container`, `shipper`).
    public var template: String
    /// Number of labels (each gets its own serial).
    public var copies: Int
    /// Print batch, for reconciliation.
    public var batch: String?

    /// Creates a request.
    public init(
        coi: ChainOfIdentityID, din: DIN, recordFingerprint: IdentityHash, profile: LabelProfile, template: String,
        copies: Int = 1, batch: String? = nil
    ) {
        self.coi = coi
        self.din = din
        self.recordFingerprint = recordFingerprint
        self.profile = profile
        self.template = template
        self.copies = copies
        self.batch = batch
    }
}

/// One label the print path produced, and where it ended up.
public struct PrintedLabel: Sendable {
    /// The serial.
    public var serial: LabelSerial
    /// Its final ledger state (`printed`, `sent`, `failed`, `uncertain`).
    public var state: LabelState
    /// Where the printer or spool put it, or why it failed.
    public var delivery: PrintDelivery
    /// Template name and version printed.
    public var templateVersion: String
    /// The payload printed.
    public var payload: EncodedPayload
}

extension Gate {
    /// The print interlock. Checks the request against the ledger's record (constant-time fingerprint comparison),
    /// then for each copy: allocates a serial, computes the label's identity hash from the record, renders, reads the
    /// pixels back with the independent decoder and compares every symbol with what was verified, and only then
    /// sends the label to the printer. Every refusal is audited; nothing reaches a printer after a refusal.
    /// With `tag` (the template carries an NFC tag), each label's claim is also written to the tag in the field,
    /// bound to its UID and read back through `accept` before the label is sent; a failed tag voids the serial.
    public func print(
        _ request: PrintRequest, renderer: any LabelRendering, printer: any LabelPrinting, by actor: Actor,
        tag: (any TagEncoding)? = nil
    ) async throws(GateError) -> [PrintedLabel] {
        try await printLabels(request, reprintOf: nil, renderer: renderer, printer: printer, by: actor, tag: tag)
    }

    /// The refusal for a template whose labels carry a tag when no tag writer is given: without one the label would
    /// leave with a blank tag.
    static func missingTagWriter(
        _ tag: (any TagEncoding)?, request: PrintRequest, renderer: any LabelRendering, printer: any LabelPrinting
    ) -> GateError? {
        guard tag == nil, renderer.carriesTag(template: request.template) else { return nil }
        return GateError(.tag, "template \(request.template) carries an NFC tag and no tag writer is at \(printer.name)")
    }

    /// The print path shared by `print` and `reprint`: verify, then issue, render and read back every copy, and only
    /// when all copies passed hand them to the printer. A copy refused before sending voids the copies before it, so
    /// no serial is left unaccounted for.
    func printLabels(
        _ request: PrintRequest, reprintOf: LabelSerial?, renderer: any LabelRendering, printer: any LabelPrinting,
        by actor: Actor, tag: (any TagEncoding)? = nil
    ) async throws(GateError) -> [PrintedLabel] {
        guard (1...100).contains(request.copies) else {
            throw GateError(.payload, "copies must be between 1 and 100")
        }
        let record = try await verifiedRecord(for: request, printer: printer, by: actor)
        if let missing = Self.missingTagWriter(tag, request: request, renderer: renderer, printer: printer) {
            await auditPrintRefusal(request, reason: missing.code.rawValue, by: actor)
            throw missing
        }
        let issued: [IssuedPayload]
        do {
            issued = try await issueCopies(
                request, record: record, reprintOf: reprintOf, printer: printer.name, by: actor)
        } catch {
            await auditPrintRefusal(request, reason: error.code.rawValue, by: actor)
            throw error
        }
        let outcomes = await renderAll(issued, record: record, template: request.template, renderer: renderer)
        var ready: [(issued: IssuedPayload, rendered: RenderedLabel)] = []
        var refusal: RenderRefusal?
        for (copy, outcome) in zip(issued, outcomes) {
            switch outcome {
            case .success(let rendered): ready.append((copy, rendered))
            case .failure(let refused):
                refusal = refusal ?? refused
                await void(copy.label.serial, reason: refused.voidReason, by: actor)
            }
        }
        if let refusal {
            for entry in ready {
                await void(
                    entry.issued.label.serial, reason: "not sent: a copy of the job was refused (\(refusal.code))",
                    by: actor)
            }
            if refusal.code == .readBackMismatch { logger.error("print refused: read-back mismatch") }
            await auditPrintRefusal(request, reason: refusal.code.rawValue, by: actor)
            throw GateError(refusal.code, refusal.message)
        }
        if let tag {
            // Each copy's tag is written, bound to its UID and read back through `accept` before any copy is sent;
            // a failed tag voids its serial (encodeTagForPrint) and every other copy of the job.
            for (index, entry) in ready.enumerated() {
                do {
                    try await encodeTagForPrint(entry.issued, printer: printer.name, encoder: tag, by: actor)
                } catch {
                    for (other, otherEntry) in ready.enumerated() where other != index {
                        await void(
                            otherEntry.issued.label.serial,
                            reason: "not sent: a copy of the job failed its tag (\(error.code))", by: actor)
                    }
                    await auditPrintRefusal(request, reason: error.code.rawValue, by: actor)
                    throw error
                }
            }
        }
        do {
            _ = try await store.transitionLabels(
                ready.map { LabelTransition($0.issued.label.serial, to: .rendered, reason: $0.rendered.templateVersion) },
                by: actor)
        } catch {
            throw GateError(error)
        }
        return try await deliver(ready, to: printer, by: actor)
    }

    /// Allocates one serial per copy in one ledger transaction and builds each copy's claim and payload; if a
    /// payload cannot be built, every copy is voided with the reason.
    private func issueCopies(
        _ request: PrintRequest, record: COIRecord, reprintOf: LabelSerial?, printer: String, by actor: Actor
    ) async throws(GateError) -> [IssuedPayload] {
        if request.profile == .gs1 && record.gtin == nil {
            throw GateError(.payload, "the GS1 profile needs a GTIN on record \(record.coi.content)")
        }
        let labelRequest = LabelRequest(
            coi: record.coi, din: request.din, template: request.template, batch: request.batch, reprintOf: reprintOf,
            printJob: printFence.map { PrintJobClaim(printer: printer, fence: $0) })
        let labels: [IssuedLabel]
        do {
            labels = try await store.issueLabels(Array(repeating: labelRequest, count: request.copies), by: actor)
        } catch {
            if error.code == .integrity, error.reason.contains("batch is closed") {
                throw GateError(.batchClosed, "print batch \(request.batch ?? "") is closed")
            }
            throw GateError(error)
        }
        var out: [IssuedPayload] = []
        out.reserveCapacity(labels.count)
        for label in labels {
            do {
                let claim = try LabelClaim.issue(for: record, label: label.particulars, version: label.hashVersion)
                out.append(IssuedPayload(label: label, claim: claim, payload: try encoder.encode(claim, profile: request.profile)))
            } catch {
                let reason = "payload could not be built: \(error)"
                for label in labels { await void(label.serial, reason: reason, by: actor) }
                throw GateError(.payload, reason)
            }
        }
        return out
    }

    /// Loads the record and compares the request's fingerprint with it; audits and throws on any mismatch.
    func verifiedRecord(for request: PrintRequest, printer: any LabelPrinting, by actor: Actor)
        async throws(GateError) -> COIRecord
    {
        let found: COIRecord?
        do {
            found = try await store.record(coi: request.coi)
        } catch {
            throw GateError(error)
        }
        guard let record = found, record.din(identifier: request.din.identifier) != nil else {
            await auditPrintRefusal(request, reason: found == nil ? "unknownRecord" : "dinNotInRecord", by: actor)
            throw GateError(
                found == nil ? .unknownRecord : .dinNotInRecord,
                "no record \(request.coi.content) with DIN \(request.din.identifier)")
        }
        let expected: IdentityHash
        do {
            expected = try RecordFingerprint.compute(for: record)
        } catch {
            throw GateError(.identity, error.description)
        }
        guard expected == request.recordFingerprint else {
            await auditPrintRefusal(request, reason: RefusalReason.hashMismatch.rawValue, by: actor)
            logger.warning("print refused: record fingerprint mismatch", metadata: ["coi": "\(request.coi.content)"])
            throw GateError(
                .hashMismatch,
                "the record fingerprint does not match record \(request.coi.content) as the ledger holds it; reload the record")
        }
        return record
    }

    /// Why a copy was refused before sending, and the reason its serial is voided with.
    struct RenderRefusal: Error {
        var code: GateError.Code
        var message: String
        var voidReason: String
    }

    /// Renders and reads back every copy on the render workers' dedicated threads (two at a time, the station's
    /// cores), results in copy order. Nothing is written here: the caller voids refused copies.
    private func renderAll(
        _ issued: [IssuedPayload], record: COIRecord, template: String, renderer: any LabelRendering
    ) async -> [Result<RenderedLabel, RenderRefusal>] {
        let jobs = issued.map { copy in
            RenderJob(
                claim: copy.claim, payload: copy.payload, template: template, collectionDate: record.collectionDate,
                collectionFacility: record.collectionFacility)
        }
        return await RenderWorkers.map(count: jobs.count) { index in
            Self.renderChecked(jobs[index], issued[index], renderer: renderer)
        }
    }

    /// Draws one copy and compares its read-back with what the gate verified.
    private static func renderChecked(_ job: RenderJob, _ issued: IssuedPayload, renderer: any LabelRendering)
        -> Result<RenderedLabel, RenderRefusal>
    {
        let rendered: RenderedLabel
        do {
            rendered = try renderer.render(job)
        } catch {
            return .failure(
                RenderRefusal(
                    code: .payload, message: "the label could not be rendered: \(error)",
                    voidReason: "rendering failed: \(error)"))
        }
        if let problem = ReadBackCheck.problem(in: rendered, payload: issued.payload, claim: issued.claim) {
            return .failure(
                RenderRefusal(
                    code: .readBackMismatch,
                    message: "the printed image does not read back as the verified payload: \(problem)",
                    voidReason: "read-back mismatch: \(problem)"))
        }
        return .success(rendered)
    }

    private func deliver(
        _ ready: [(issued: IssuedPayload, rendered: RenderedLabel)], to printer: any LabelPrinting, by actor: Actor
    ) async throws(GateError) -> [PrintedLabel] {
        let journal = GatePrintJournal(store: store, printer: printer.name, actor: actor, logger: logger)
        let printables = ready.map {
            PrintableLabel(serial: $0.issued.label.serial, rendered: $0.rendered, payload: $0.issued.payload)
        }
        let deliveries = await printer.deliver(printables, journal: journal)
        var changes: [LabelTransition] = []
        var printed: [PrintedLabel] = []
        for (index, entry) in ready.enumerated() {
            let serial = entry.issued.label.serial
            let delivery = index < deliveries.count
                ? deliveries[index] : .failed(reason: "\(printer.name) returned no outcome for this label")
            let (steps, state) = Self.transitions(for: delivery, of: serial, wasSent: await journal.wasSent(serial))
            changes += steps
            printed.append(
                PrintedLabel(
                    serial: serial, state: state, delivery: delivery, templateVersion: entry.rendered.templateVersion,
                    payload: entry.issued.payload))
        }
        do {
            _ = try await store.transitionLabels(changes, by: actor)
        } catch {
            // The labels stay `sent` in the ledger; restart recovery settles them (never re-sent).
            logger.error("could not record deliveries", metadata: ["labels": "\(ready.count)", "error": "\(error.code)"])
            throw GateError(error)
        }
        return printed
    }

    /// The ledger steps a delivery means: a label the backend never announced as sent goes through `sent` first when
    /// it reached the printer.
    static func transitions(for delivery: PrintDelivery, of serial: LabelSerial, wasSent: Bool)
        -> ([LabelTransition], LabelState)
    {
        switch delivery {
        case .printed(let location):
            let sent = wasSent ? [] : [LabelTransition(serial, to: .sent, reason: location)]
            return (sent + [LabelTransition(serial, to: .printed, reason: location)], .printed)
        case .sent(let location):
            return (wasSent ? [] : [LabelTransition(serial, to: .sent, reason: location)], .sent)
        case .failed(let reason):
            return ([LabelTransition(serial, to: .failed, reason: reason)], .failed)
        case .uncertain(let reason):
            let sent = wasSent ? [] : [LabelTransition(serial, to: .sent, reason: reason)]
            return (sent + [LabelTransition(serial, to: .uncertain, reason: reason)], .uncertain)
        }
    }

    func void(_ serial: LabelSerial, reason: String, by actor: Actor) async {
        do {
            _ = try await store.transitionLabel(serial, to: .voided, by: actor, reason: reason)
        } catch {
            logger.error("could not void a refused label", metadata: ["serial": "\(serial)", "error": "\(error.code)"])
        }
    }

    func auditPrintRefusal(_ request: PrintRequest, reason: String, by actor: Actor) async {
        let entry = AuditEntry(
            actor: actor, action: "print.refused", subject: request.coi.content, reason: reason,
            details: ["din": request.din.identifier, "template": request.template, "profile": request.profile.rawValue])
        do {
            _ = try await store.appendAudit(entry)
        } catch {
            logger.error("could not audit a print refusal", metadata: ["error": "\(error.code)"])
        }
    }
}
