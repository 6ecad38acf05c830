import Foundation
import LabelgateCore
import Ledger

extension Gate {
    /// Reprints a label as a new serial recorded as a reprint of `original`, through the full print interlock.
    ///
    /// Needs a reason and two distinct operators: `by` asks, `witness` confirms (the same person twice, or anything
    /// that is not an operator, is refused). The request carries the record fingerprint like any print. The
    /// original is voided ("replaced by reprint") once the reprint's fingerprint check passed, so only one label of
    /// the pair stays valid. Where the original's DIN flags carry no other meaning (`00` or `05`), the reprint
    /// carries ISBT 128 flag `05` (repeated demand-printed label). Every refusal is audited as `reprint.refused`.
    /// When the original's template carries an NFC tag, the reprint's tag is written through `tag` like a print's;
    /// without a writer such a reprint is refused.
    public func reprint(
        serial original: LabelSerial, recordFingerprint: IdentityHash, reason: String, by actor: Actor,
        witness: Actor, profile: LabelProfile, renderer: any LabelRendering, printer: any LabelPrinting,
        tag: (any TagEncoding)? = nil
    ) async throws(GateError) -> PrintedLabel {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            await auditStepRefusal("reprint.refused", subject: original.text, reason: "reasonRequired", by: actor)
            throw GateError(.reasonRequired, "a reprint needs a reason")
        }
        guard actor.kind == .operator, witness.kind == .operator,
            actor.id.lowercased().trimmingCharacters(in: .whitespaces)
                != witness.id.lowercased().trimmingCharacters(in: .whitespaces),
            !witness.id.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            await auditStepRefusal(
                "reprint.refused", subject: original.text, reason: "witnessRequired", by: actor,
                details: ["witness": witness.description])
            throw GateError(.witnessRequired, "a reprint needs a second operator, distinct from the one asking")
        }
        let label = try await existingLabel(original, action: "reprint.refused", by: actor)
        guard [.printed, .applied, .uncertain, .failed, .voided, .destroyed].contains(label.state) else {
            await auditStepRefusal(
                "reprint.refused", subject: original.text, reason: "invalidState", by: actor,
                details: ["state": label.state.rawValue])
            throw GateError(.invalidState, "a label that is \(label.state.rawValue) cannot be reprinted")
        }
        let live: IssuedLabel?
        do {
            live = try await store.labels(coi: label.coi).first { $0.reprintOf == original && !$0.state.isRetired }
        } catch {
            throw GateError(error)
        }
        if let live {
            await auditStepRefusal(
                "reprint.refused", subject: original.text, reason: "alreadyReprinted", by: actor,
                details: ["reprint": live.serial.text])
            throw GateError(.invalidState, "label \(original) was already reprinted as \(live.serial); reprint that one")
        }
        if let batch = label.batch, (try? await store.reconciliation(batch: batch).closed) == true {
            await auditStepRefusal("reprint.refused", subject: original.text, reason: "batchClosed", by: actor)
            throw GateError(.batchClosed, "print batch \(batch) is closed")
        }
        let flags: DINFlags =
            label.din.flags == .notUsed || label.din.flags == .repeatedDemandPrinted
            ? .repeatedDemandPrinted : label.din.flags
        let request = PrintRequest(
            coi: label.coi, din: label.din.with(flags: flags), recordFingerprint: recordFingerprint, profile: profile,
            template: label.template ?? "bag", copies: 1, batch: label.batch)
        _ = try await verifiedRecord(for: request, printer: printer, by: actor)
        if let missing = Self.missingTagWriter(tag, request: request, renderer: renderer, printer: printer) {
            // Refused before the original is voided: a reprint that cannot write its tag leaves the original valid.
            await auditStepRefusal("reprint.refused", subject: original.text, reason: missing.code.rawValue, by: actor)
            throw missing
        }
        do {
            _ = try await store.appendAudit(
                AuditEntry(
                    actor: actor, action: "label.reprint", subject: original.text, reason: trimmed,
                    details: [
                        "witness": witness.description, "coi": label.coi.content, "flags": flags.encoded,
                        "printer": printer.name,
                    ]))
            if !label.state.isRetired {
                _ = try await store.transitionLabel(
                    original, to: .voided, by: actor, reason: "replaced by a reprint (witness \(witness)): \(trimmed)")
            }
        } catch {
            throw GateError(labelStep: error)
        }
        let printed = try await printLabels(
            request, reprintOf: original, renderer: renderer, printer: printer, by: actor,
            tag: renderer.carriesTag(template: request.template) ? tag : nil)
        guard let first = printed.first else { throw GateError(.ledger, "the reprint produced no label") }
        return first
    }

    /// Voids a label, with a reason (audited by the ledger with the transition). A voided label is refused
    /// everywhere from then on.
    public func void(serial: LabelSerial, reason: String, by actor: Actor) async throws(GateError) -> IssuedLabel {
        try await step(serial, to: .voided, reason: reason, by: actor)
    }

    /// Records a label as physically destroyed, with a reason.
    public func destroy(serial: LabelSerial, reason: String, by actor: Actor) async throws(GateError) -> IssuedLabel {
        try await step(serial, to: .destroyed, reason: reason, by: actor)
    }

    /// Records a printed label as applied to its bag.
    public func markApplied(serial: LabelSerial, by actor: Actor) async throws(GateError) -> IssuedLabel {
        try await step(serial, to: .applied, reason: nil, by: actor)
    }

    /// The batch's counts: issued, applied, voided, destroyed, and what is still outstanding.
    public func reconciliation(batch: String) async throws(GateError) -> BatchReconciliation {
        do {
            return try await store.reconciliation(batch: batch)
        } catch {
            throw GateError(error)
        }
    }

    /// Closes a print batch when issued = applied + voided + destroyed; otherwise refuses (audited as
    /// `batch.closeRefused` with the counts) and the batch stays open.
    public func closeBatch(_ batch: String, reason: String? = nil, by actor: Actor) async throws(GateError)
        -> BatchReconciliation
    {
        do {
            return try await store.closeBatch(batch, by: actor, reason: reason)
        } catch {
            let counts = try? await store.reconciliation(batch: batch)
            await auditStepRefusal(
                "batch.closeRefused", subject: batch, reason: error.code.rawValue, by: actor,
                details: ["counts": counts?.summary ?? "unknown"])
            throw GateError(labelStep: error)
        }
    }

    private func step(_ serial: LabelSerial, to state: LabelState, reason: String?, by actor: Actor)
        async throws(GateError) -> IssuedLabel
    {
        if state.isRetired, (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            await auditStepRefusal("label.\(state.rawValue)Refused", subject: serial.text, reason: "reasonRequired", by: actor)
            throw GateError(.reasonRequired, "a label is only \(state.rawValue) with a reason")
        }
        do {
            return try await store.transitionLabel(serial, to: state, by: actor, reason: reason)
        } catch {
            await auditStepRefusal(
                "label.\(state.rawValue)Refused", subject: serial.text, reason: error.code.rawValue, by: actor)
            throw GateError(labelStep: error)
        }
    }

    private func existingLabel(_ serial: LabelSerial, action: String, by actor: Actor) async throws(GateError)
        -> IssuedLabel
    {
        let found: IssuedLabel?
        do {
            found = try await store.label(serial: serial)
        } catch {
            throw GateError(error)
        }
        guard let found else {
            await auditStepRefusal(action, subject: serial.text, reason: "unknownSerial", by: actor)
            throw GateError(.unknownSerial, "no label with serial \(serial)")
        }
        return found
    }

    func auditStepRefusal(
        _ action: String, subject: String, reason: String, by actor: Actor, details: [String: String] = [:]
    ) async {
        do {
            _ = try await store.appendAudit(
                AuditEntry(actor: actor, action: action, subject: subject, reason: reason, details: details))
        } catch {
            logger.error("could not audit a refusal", metadata: ["action": "\(action)", "error": "\(error.code)"])
        }
    }
}
