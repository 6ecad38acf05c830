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
        guard (1...100).contains(request.copies) else {
            throw GateError(.payload, "copies must be between 1 and 100")
        }
        let record = try await verifiedRecord(for: request, printer: printer, by: actor)
        var printed: [PrintedLabel] = []
        for _ in 0..<request.copies {
            let issued = try await issueLabel(
                coi: record.coi, din: request.din, profile: request.profile, template: request.template,
                batch: request.batch, by: actor)
            let rendered = try await renderAndReadBack(
                issued, record: record, template: request.template, renderer: renderer, by: actor)
            if let tag { try await encodeTagForPrint(issued, printer: printer.name, encoder: tag, by: actor) }
            printed.append(try await deliver(issued, rendered: rendered, to: printer, by: actor))
        }
        return printed
    }

    /// Loads the record and compares the request's fingerprint with it; audits and throws on any mismatch.
    private func verifiedRecord(for request: PrintRequest, printer: any LabelPrinting, by actor: Actor)
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

    private func renderAndReadBack(
        _ issued: IssuedPayload, record: COIRecord, template: String, renderer: any LabelRendering, by actor: Actor
    )
        async throws(GateError) -> RenderedLabel
    {
        let job = RenderJob(
            claim: issued.claim, payload: issued.payload, template: template,
            collectionDate: record.collectionDate, collectionFacility: record.collectionFacility)
        let rendered: RenderedLabel
        do {
            rendered = try renderer.render(job)
        } catch {
            await void(issued.label.serial, reason: "rendering failed: \(error)", by: actor)
            throw GateError(.payload, "the label could not be rendered: \(error)")
        }
        if let problem = ReadBackCheck.problem(in: rendered, payload: issued.payload, claim: issued.claim) {
            await void(issued.label.serial, reason: "read-back mismatch: \(problem)", by: actor)
            logger.error("print refused: read-back mismatch", metadata: ["serial": "\(issued.label.serial)"])
            throw GateError(.readBackMismatch, "the printed image does not read back as the verified payload: \(problem)")
        }
        do {
            _ = try await store.transitionLabel(issued.label.serial, to: .rendered, by: actor, reason: rendered.templateVersion)
        } catch {
            throw GateError(error)
        }
        return rendered
    }

    private func deliver(_ issued: IssuedPayload, rendered: RenderedLabel, to printer: any LabelPrinting, by actor: Actor)
        async throws(GateError) -> PrintedLabel
    {
        let serial = issued.label.serial
        do {
            _ = try await store.transitionLabel(serial, to: .sent, by: actor, reason: printer.name)
            let delivery = await printer.deliver(PrintableLabel(serial: serial, rendered: rendered, payload: issued.payload))
            let state: LabelState
            switch delivery {
            case .printed(let location):
                state = .printed
                _ = try await store.transitionLabel(serial, to: .printed, by: actor, reason: location)
            case .sent:
                state = .sent
            case .failed(let reason):
                state = .failed
                _ = try await store.transitionLabel(serial, to: .failed, by: actor, reason: reason)
            case .uncertain(let reason):
                state = .uncertain
                _ = try await store.transitionLabel(serial, to: .uncertain, by: actor, reason: reason)
            }
            return PrintedLabel(
                serial: serial, state: state, delivery: delivery, templateVersion: rendered.templateVersion,
                payload: issued.payload)
        } catch {
            throw GateError(error)
        }
    }

    private func void(_ serial: LabelSerial, reason: String, by actor: Actor) async {
        do {
            _ = try await store.transitionLabel(serial, to: .voided, by: actor, reason: reason)
        } catch {
            logger.error("could not void a refused label", metadata: ["serial": "\(serial)", "error": "\(error.code)"])
        }
    }

    private func auditPrintRefusal(_ request: PrintRequest, reason: String, by actor: Actor) async {
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
