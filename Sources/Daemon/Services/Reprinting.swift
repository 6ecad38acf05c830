import Foundation
import Gate
import LabelgateCore
import Ledger
import Printing

/// What a reprint does once two operators have signed it. The daemon calls it inside the two-operator step, so a
/// reprint never happens with fewer than two distinct authenticated signatures.
///
/// The default prints a new label for the same bag through `Gate.print` (a new serial; the original stays as it
/// is). When `Gate.reprint(...)` lands, an implementation calling it replaces this one (`DaemonCore(reprinter:)`).
public protocol Reprinting: Sendable {
    /// Reprints the label `serial` at `station`.
    func reprint(
        serial: LabelSerial, profile: LabelProfile, gate: Gate, renderer: TemplateRenderer, printer: any LabelPrinting,
        by actor: Actor
    ) async throws(GateError) -> [PrintedLabel]
}

/// Reprint as a fresh print of the same bag through the print interlock (see `Reprinting`).
public struct PrintAgainReprinter: Reprinting {
    /// Creates the reprinter.
    public init() {}

    /// Looks up the original label and its record, then prints one copy through `Gate.print`.
    public func reprint(
        serial: LabelSerial, profile: LabelProfile, gate: Gate, renderer: TemplateRenderer, printer: any LabelPrinting,
        by actor: Actor
    ) async throws(GateError) -> [PrintedLabel] {
        let original: IssuedLabel
        let record: COIRecord
        do {
            guard let label = try await gate.store.label(serial: serial) else {
                throw GateError(.unknownRecord, "no label \(serial.text)")
            }
            guard let found = try await gate.store.record(coi: label.coi) else {
                throw GateError(.unknownRecord, "no record for label \(serial.text)")
            }
            original = label
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
        let request = PrintRequest(
            coi: record.coi, din: original.din, recordFingerprint: fingerprint, profile: profile,
            template: original.template ?? "bag", copies: 1, batch: "reprint-of-\(serial.text)")
        return try await gate.print(request, renderer: renderer, printer: printer, by: actor)
    }
}
