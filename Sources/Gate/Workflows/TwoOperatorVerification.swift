import Foundation
import LabelgateCore
import Ledger
import Logging

/// Two-operator verification of critical steps (21 CFR Part 11 style signatures).
///
/// A step is signed by exactly two distinct authenticated operators (badge + PIN), performer first, verifier
/// second. Each signature becomes its own audit row (`signature.<meaning>`: operator ID, printed name, time and
/// meaning); the step then closes with a `step.completed` row naming both. A step whose prerequisite is not complete
/// for the same subject is refused (`workflow.outOfOrder`), as is a second completion of a once-only step. Every
/// refusal is audited (`step.refused`). The order state is rebuilt from the audit trail by `restore()`.
public actor TwoOperatorVerification {
    private let store: any LedgerStore
    private let directory: OperatorDirectory
    private let logger: Logger
    private let now: @Sendable () -> Date
    private var completed: Set<StepKey> = []

    private struct StepKey: Hashable {
        var step: CriticalStep
        var subject: String
    }

    /// Creates the verifier over `store`, with the operators who may sign.
    public init(
        store: any LedgerStore, directory: OperatorDirectory, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.directory = directory
        self.logger = logger
        self.now = now
    }

    /// Rebuilds which steps are complete from the audit trail (call once at start-up).
    public func restore() async throws(WorkflowError) {
        var after: Int64 = 0
        while true {
            let rows: [AuditRow]
            do {
                rows = try await store.auditRows(action: AuditIndex.stepCompleted, after: after, limit: 5000)
            } catch {
                throw WorkflowError(.ledger, "the audit trail could not be read: \(error.code)")
            }
            guard let last = rows.last else { return }
            for row in rows {
                let details = try? JSONDecoder().decode([String: String].self, from: Data(row.details.utf8))
                if let name = details?["step"], let step = CriticalStep(rawValue: name), let subject = row.subject {
                    completed.insert(StepKey(step: step, subject: subject))
                }
            }
            after = last.sequence
        }
    }

    /// Whether `step` is complete for `subject`.
    public func isComplete(_ step: CriticalStep, subject: String) -> Bool {
        completed.contains(StepKey(step: step, subject: subject))
    }

    /// Checks order and signatures, records both signatures and the completion, then returns the completed step.
    ///
    /// `action`, if given, runs after the signatures are verified and before the completion is recorded; if it
    /// throws, the step is not completed (the signatures stay in the trail, with a `step.refused` row).
    public func complete<T: Sendable>(
        _ step: CriticalStep, subject: String, signatures: [SignatureInput], station: String,
        action: @Sendable () async throws -> T
    ) async throws -> (CompletedStep, T) {
        let signers = try await checkedSigners(step, subject: subject, signatures: signatures, station: station)
        var recorded: [Signature] = []
        for (signer, meaning) in zip(signers, step.meanings) {
            recorded.append(try await sign(step, subject: subject, signer: signer, meaning: meaning, station: station))
        }
        let result: T
        do {
            result = try await action()
        } catch {
            await refuse(step, subject: subject, station: station, reason: "action failed: \(error)")
            throw error
        }
        let entry = AuditEntry(
            actor: Actor(.operator, signers[1].badge), action: AuditIndex.stepCompleted, subject: subject, reason: nil,
            details: [
                "step": step.rawValue, "station": station,
                "performedBy": signers[0].badge, "verifiedBy": signers[1].badge,
                "signatures": recorded.map { String($0.auditSequence) }.joined(separator: ","),
            ])
        let row: AuditRow
        do {
            row = try await store.appendAudit(entry)
        } catch {
            throw WorkflowError(.ledger, "the completion could not be recorded: \(error.code)")
        }
        completed.insert(StepKey(step: step, subject: subject))
        logger.info("critical step completed", metadata: ["step": "\(step.rawValue)", "station": "\(station)"])
        return (CompletedStep(step: step, subject: subject, signatures: recorded, auditSequence: row.sequence), result)
    }

    /// Completes a step that has no action of its own.
    public func complete(
        _ step: CriticalStep, subject: String, signatures: [SignatureInput], station: String
    ) async throws -> CompletedStep {
        try await complete(step, subject: subject, signatures: signatures, station: station) { () }.0
    }

    private func checkedSigners(
        _ step: CriticalStep, subject: String, signatures: [SignatureInput], station: String
    ) async throws(WorkflowError) -> [OperatorCredential] {
        do throws(WorkflowError) {
            guard signatures.count == 2 else {
                throw WorkflowError(
                    .signaturesMissing, "\(step.title) needs two operators; \(signatures.count) signed")
            }
            var signers: [OperatorCredential] = []
            for input in signatures { signers.append(try directory.authenticate(badge: input.badge, pin: input.pin)) }
            guard signers[0].badge != signers[1].badge else {
                throw WorkflowError(.sameOperator, "\(step.title) needs two different operators; one person signed twice")
            }
            if let before = step.prerequisite, !isComplete(before, subject: subject) {
                throw WorkflowError(.outOfOrder, "\(step.title) comes after \(before.title), which is not complete")
            }
            if step.once, isComplete(step, subject: subject) {
                throw WorkflowError(.alreadyDone, "\(step.title) is already complete for this bag")
            }
            return signers
        } catch {
            await refuse(step, subject: subject, station: station, reason: error.code.rawValue)
            throw error
        }
    }

    private func sign(
        _ step: CriticalStep, subject: String, signer: OperatorCredential, meaning: SignatureMeaning, station: String
    ) async throws(WorkflowError) -> Signature {
        let signedAt = ISO8601DateFormatter().string(from: now())
        let entry = AuditEntry(
            actor: Actor(.operator, signer.badge), action: "signature.\(meaning.rawValue)", subject: subject,
            reason: nil,
            details: [
                "step": step.rawValue, "printedName": signer.name, "meaning": meaning.rawValue,
                "signedAt": signedAt, "station": station,
            ])
        do {
            let row = try await store.appendAudit(entry)
            return Signature(
                operatorID: signer.badge, name: signer.name, meaning: meaning, signedAt: signedAt,
                auditSequence: row.sequence)
        } catch {
            throw WorkflowError(.ledger, "the signature could not be recorded: \(error.code)")
        }
    }

    private func refuse(_ step: CriticalStep, subject: String, station: String, reason: String) async {
        let entry = AuditEntry(
            actor: Actor(.station, station), action: "step.refused", subject: subject, reason: reason,
            details: ["step": step.rawValue, "station": station])
        do {
            _ = try await store.appendAudit(entry)
        } catch {
            logger.error("could not audit a refused step", metadata: ["error": "\(error.code)"])
        }
        logger.notice("critical step refused", metadata: ["step": "\(step.rawValue)", "reason": "\(reason)"])
    }
}
