import LabelgateCore
import Ledger

/// What a restart found for one label that was on its way to a printer.
public struct RecoveredLabel: Sendable, Equatable {
    /// The serial.
    public var serial: LabelSerial
    /// The state it was found in.
    public var was: LabelState
    /// The state it is in now.
    public var now: LabelState
    /// Why.
    public var reason: String
}

extension Gate {
    /// Settles the unfenced print jobs a restart left half-way: those recorded without an owner (before fencing
    /// existed, or printed by the CLI). See `recoverInterruptedPrints(printers:scope:by:)`.
    public func recoverInterruptedPrints(printers: [any LabelPrinting], by actor: Actor = .system)
        async throws(GateError) -> [RecoveredLabel]
    {
        try await recoverInterruptedPrints(printers: printers, scope: .unfenced, by: actor)
    }

    /// After a restart: settles every label a print job in `scope` left half-way, so each is printed exactly once or
    /// visibly failed. Nothing is ever sent again. A daemon passes `.gateway(itsGateway, excluding: thisRun)` while it
    /// holds its gateway (`GatewayFencing.holdGateway`), so it never touches another gateway's or process's live jobs.
    ///
    /// - `issued` or `rendered` labels of the print path (they carry a template) never left: `failed`.
    /// - `sent` labels: the printer they went to is asked (`LabelPrinting.recover`): an IPP printer looks the job up,
    ///   a spool looks for its files; a printer that cannot tell (ZPL over 9100), or one no longer configured, makes
    ///   them `uncertain`, never re-issued automatically.
    ///
    /// Each settlement is its own audited transition (`label.failed`, `label.printed`, `label.uncertain`), and a run
    /// that settled anything is summed up in one `print.recovered` audit row.
    public func recoverInterruptedPrints(
        printers: [any LabelPrinting], scope: PrintRecoveryScope, by actor: Actor = .system
    ) async throws(GateError) -> [RecoveredLabel] {
        let pending: [IssuedLabel]
        do {
            pending = try await store.interruptedPrintLabels(scope: scope, limit: 100_000)
        } catch {
            throw GateError(error)
        }
        var recovered: [RecoveredLabel] = []
        for label in pending where label.template != nil || label.state == .sent {
            let delivery: PrintDelivery
            if label.state == .sent {
                delivery = await recoveredDelivery(of: label, printers: printers)
            } else {
                delivery = .failed(reason: "interrupted before it was sent (restart)")
            }
            do {
                let (steps, now) = Self.transitions(for: delivery, of: label.serial, wasSent: label.state == .sent)
                _ = try await store.transitionLabels(steps, by: actor)
                let reason: String
                switch delivery {
                case .printed(let text), .sent(let text), .failed(let text), .uncertain(let text): reason = text
                }
                recovered.append(RecoveredLabel(serial: label.serial, was: label.state, now: now, reason: reason))
            } catch {
                throw GateError(error)
            }
        }
        if !recovered.isEmpty {
            await auditRecovery(recovered, scope: scope, by: actor)
            logger.notice("recovered interrupted print jobs", metadata: ["labels": "\(recovered.count)"])
        }
        return recovered
    }

    private func auditRecovery(_ recovered: [RecoveredLabel], scope: PrintRecoveryScope, by actor: Actor) async {
        var details: [String: String] = ["labels": "\(recovered.count)"]
        for state in [LabelState.printed, .failed, .uncertain] {
            details[state.rawValue] = "\(recovered.count { $0.now == state })"
        }
        switch scope {
        case .gateway(let gateway, let excluding):
            details["gateway"] = gateway
            details["incarnation"] = excluding
        case .unfenced:
            details["scope"] = "unfenced"
        }
        do {
            _ = try await store.appendAudit(AuditEntry(actor: actor, action: "print.recovered", details: details))
        } catch {
            logger.error("could not audit a print recovery", metadata: ["error": "\(error.code)"])
        }
    }

    private func recoveredDelivery(of label: IssuedLabel, printers: [any LabelPrinting]) async -> PrintDelivery {
        let job: PrintJobReference?
        do {
            job = try await store.printJob(serial: label.serial)
        } catch {
            return .uncertain(reason: "sent before a restart; its print job could not be read: \(error.code)")
        }
        guard let job else { return .uncertain(reason: "sent before a restart to an unrecorded printer") }
        guard let printer = printers.first(where: { $0.name == job.printer }) else {
            return .uncertain(reason: "sent before a restart to \(job.printer), which is no longer configured")
        }
        switch await printer.recover(job) {
        case .failed(let reason):
            // A printer that says the job did not print: the label is failed, not re-sent.
            return .failed(reason: reason)
        case .sent(let location):
            // Still held or processing at the printer, or passed on by a raw queue: recovery leaves nothing `sent`
            // (nobody would settle it later), so it may have printed: uncertain.
            return .uncertain(reason: "sent before a restart, not confirmed printed: \(location)")
        case let other:
            return other
        }
    }
}
