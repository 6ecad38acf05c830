import Foundation
import Gate
import LabelgateCore
import Ledger
import Printing

/// What a reprint does once two operators have signed it. The daemon calls it inside the two-operator step, so a
/// reprint never happens with fewer than two distinct authenticated signatures.
public protocol Reprinting: Sendable {
    /// Reprints the label `serial` at `station`, performed by `actor` and witnessed by `witness`, for `reason`.
    /// `tag` writes the reprint's NFC tag when the label's template carries one.
    func reprint(
        serial: LabelSerial, reason: String, profile: LabelProfile, gate: Gate, renderer: TemplateRenderer,
        printer: any LabelPrinting, tag: (any TagEncoding)?, by actor: Actor, witness: Actor
    ) async throws(GateError) -> [PrintedLabel]
}

/// Reprint through `Gate.reprint`: the record's fingerprint is taken from the ledger now, the new label is recorded
/// as a reprint of the original (ISBT flag 05 where it applies) and the original is voided, all in the gate.
public struct GateReprinter: Reprinting {
    /// Creates the reprinter.
    public init() {}

    /// Looks up the original label's record and reprints it through the gate.
    public func reprint(
        serial: LabelSerial, reason: String, profile: LabelProfile, gate: Gate, renderer: TemplateRenderer,
        printer: any LabelPrinting, tag: (any TagEncoding)?, by actor: Actor, witness: Actor
    ) async throws(GateError) -> [PrintedLabel] {
        let record: COIRecord
        do {
            guard let label = try await gate.store.label(serial: serial) else {
                throw GateError(.unknownRecord, "no label \(serial.text)")
            }
            guard let found = try await gate.store.record(coi: label.coi) else {
                throw GateError(.unknownRecord, "no record for label \(serial.text)")
            }
            record = found
        } catch let error as GateError {
            throw error
        } catch {
            throw GateError(.ledger, "\(error)")
        }
        let fingerprint: IdentityHash
        do {
            fingerprint = try RecordFingerprint.compute(for: record)
        } catch {
            throw GateError(.identity, error.description)
        }
        let printed = try await gate.reprint(
            serial: serial, recordFingerprint: fingerprint, reason: reason, by: actor, witness: witness,
            profile: profile, renderer: renderer, printer: printer, tag: tag)
        return [printed]
    }
}
