import LabelgateCore
import Ledger

/// A label the gate issued: its ledger row, the claim it carries, and the bytes of its 2-D symbol.
public struct IssuedPayload: Sendable {
    /// The ledger's row for the new serial.
    public var label: IssuedLabel
    /// The claim the label carries (identifiers and identity hash; no patient data).
    public var claim: LabelClaim
    /// The exact symbol payload.
    public var payload: EncodedPayload
}

extension Gate {
    /// Issues a new serialized label for one bag of a record and builds its payload.
    ///
    /// The serial is allocated in the ledger (state `issued`, audited) only after the record and profile are known
    /// to be usable; if encoding still fails, the serial is voided with the reason, so no serial goes unaccounted.
    public func issueLabel(
        coi: ChainOfIdentityID, din: DIN, profile: LabelProfile, template: String? = nil, batch: String? = nil,
        reprintOf: LabelSerial? = nil, by actor: Actor
    ) async throws(GateError) -> IssuedPayload {
        let record: COIRecord
        do {
            guard let found = try await store.record(coi: coi) else {
                throw GateError(.unknownRecord, "no record \(coi.content)")
            }
            record = found
        } catch let error as GateError {
            throw error
        } catch {
            throw GateError(error as? LedgerError ?? LedgerError(.unavailable, "\(error)"))
        }
        guard record.din(identifier: din.identifier) != nil else {
            throw GateError(.dinNotInRecord, "DIN \(din.identifier) is not a bag of record \(coi.content)")
        }
        if profile == .gs1 && record.gtin == nil {
            throw GateError(.payload, "the GS1 profile needs a GTIN on record \(coi.content)")
        }
        let label: IssuedLabel
        do {
            label = try await store.issueLabel(
                LabelRequest(coi: coi, din: din, template: template, batch: batch, reprintOf: reprintOf), by: actor)
        } catch {
            throw GateError(error)
        }
        do {
            let claim = try LabelClaim.issue(for: record, label: label.particulars, version: label.hashVersion)
            let payload = try encoder.encode(claim, profile: profile)
            return IssuedPayload(label: label, claim: claim, payload: payload)
        } catch {
            let reason = "payload could not be built: \(error)"
            _ = try? await store.transitionLabel(label.serial, to: .voided, by: .system, reason: reason)
            throw GateError(.payload, reason)
        }
    }
}
