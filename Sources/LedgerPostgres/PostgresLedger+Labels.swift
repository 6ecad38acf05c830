import Foundation
import LabelgateCore
import Ledger
import Logging
import PostgresNIO

extension PostgresLedger {
    public func issueLabels(_ requests: [LabelRequest], by actor: Actor) async throws(LedgerError) -> [IssuedLabel] {
        guard !requests.isEmpty else { return [] }
        let at = timestamp()
        let runner = self.runner
        return try await runner.write { connection in
            try await Self.checkLabelRequests(requests, on: connection, logger: runner.logger)
            // Serials come from one sequence shared by every gateway: unique, ascending, never reused.
            let serials = try await connection.query(
                "SELECT nextval('label_serials') FROM generate_series(1, \(Int64(requests.count)))",
                logger: runner.logger
            ).collect().map { row throws(LedgerError) in try Columns(row).integer(0) }.sorted()
            var labels: [IssuedLabel] = []
            var entries: [AuditEntry] = []
            for (request, value) in zip(requests, serials) {
                guard let serial = LabelSerial(UInt64(value)) else {
                    throw LedgerError(.integrity, "the serial space is exhausted")
                }
                labels.append(
                    IssuedLabel(
                        serial: serial, coi: request.coi, din: request.din, state: .issued,
                        hashVersion: CanonicalIdentityEncoding.currentVersion, template: request.template,
                        batch: request.batch, reprintOf: request.reprintOf))
                var details = [
                    "din": request.din.identifier, "flags": request.din.flags.encoded, "coi": request.coi.content,
                ]
                if let template = request.template { details["template"] = template }
                if let batch = request.batch { details["batch"] = batch }
                if let original = request.reprintOf { details["reprintOf"] = original.text }
                if let claim = request.printJob {
                    details["printer"] = claim.printer
                    details["gateway"] = claim.fence.gateway
                    details["incarnation"] = claim.fence.incarnation
                }
                entries.append(AuditEntry(actor: actor, action: "label.issue", subject: serial.text, details: details))
            }
            for chunk in labels.chunks(of: SQLStatement.maximumParameters / 11) {
                var statement = SQLStatement(
                    """
                    INSERT INTO labels (serial, coi, din, flags, state, hash_version, template, batch, reprint_of,
                        created_at, updated_at)
                    VALUES 
                    """)
                for label in chunk {
                    statement.appendRow([
                        statement.bind(Int64(label.serial.value)), statement.bind(label.coi.content),
                        statement.bind(label.din.identifier), statement.bind(label.din.flags.encoded),
                        statement.bind(label.state.rawValue), statement.bind(Int64(label.hashVersion)),
                        statement.bind(label.template), statement.bind(label.batch),
                        statement.bind(label.reprintOf.map { Int64($0.value) }), statement.bind(at), statement.bind(at),
                    ])
                }
                try await connection.query(statement.query, logger: runner.logger)
            }
            // The print job each label is issued into, with its owner, in the same transaction as the serial.
            let claimed = zip(requests, labels).compactMap { request, label in request.printJob.map { (label, $0) } }
            for chunk in claimed.chunks(of: SQLStatement.maximumParameters / 5) {
                var statement = SQLStatement(
                    "INSERT INTO print_jobs (serial, printer, job, updated_at, gateway, incarnation) VALUES ")
                for (label, claim) in chunk {
                    statement.appendRow([
                        statement.bind(Int64(label.serial.value)), statement.bind(claim.printer), "NULL",
                        statement.bind(at), statement.bind(claim.fence.gateway),
                        statement.bind(claim.fence.incarnation),
                    ])
                }
                try await connection.query(statement.query, logger: runner.logger)
            }
            _ = try await runner.appendAudit(entries, at: at, on: connection)
            return labels
        }
    }

    /// Every DIN must be a bag of the request's record, and a reprint must name a label of the same bag.
    static func checkLabelRequests(
        _ requests: [LabelRequest], on connection: PostgresConnection, logger: Logger
    ) async throws {
        let dins = Array(Set(requests.map(\.din.identifier)))
        var owners: [String: String] = [:]
        for row in try await connection.query(
            "SELECT din, coi FROM record_dins WHERE din = ANY(\(dins))", logger: logger
        ).collect() {
            let columns = Columns(row)
            owners[try columns.text(0)] = try columns.text(1)
        }
        let originals = Array(Set(requests.compactMap { $0.reprintOf.map { Int64($0.value) } }))
        var originalLabels: [Int64: (coi: String, din: String)] = [:]
        if !originals.isEmpty {
            for row in try await connection.query(
                "SELECT serial, coi, din FROM labels WHERE serial = ANY(\(originals))", logger: logger
            ).collect() {
                let columns = Columns(row)
                originalLabels[try columns.integer(0)] = (try columns.text(1), try columns.text(2))
            }
        }
        for request in requests {
            guard owners[request.din.identifier] == request.coi.content else {
                throw LedgerError(
                    .notFound, "DIN \(request.din.identifier) is not a bag of record \(request.coi.content)")
            }
            if let original = request.reprintOf {
                guard let label = originalLabels[Int64(original.value)], label.coi == request.coi.content,
                    label.din == request.din.identifier
                else { throw LedgerError(.notFound, "serial \(original) is not a label of this bag") }
            }
        }
    }

    public func label(serial: LabelSerial) async throws(LedgerError) -> IssuedLabel? {
        let logger = self.logger
        return try await runner.read { connection in
            try await Self.loadLabels(connection, logger: logger, where: "serial = \(Int64(serial.value))").first
        }
    }

    public func labels(coi: ChainOfIdentityID) async throws(LedgerError) -> [IssuedLabel] {
        let logger = self.logger
        return try await runner.read { connection in
            try await Self.loadLabels(connection, logger: logger, where: "coi = \(coi.content) ORDER BY serial")
        }
    }

    public func transitionLabel(
        _ serial: LabelSerial, to state: LabelState, by actor: Actor, reason: String?
    ) async throws(LedgerError) -> IssuedLabel {
        // One change of a batch: the label is locked FOR UPDATE, so two gateways moving it take turns.
        guard let label = try await transitionLabels([LabelTransition(serial, to: state, reason: reason)], by: actor).first
        else { throw LedgerError(.corrupt, "the ledger moved no label") }
        return label
    }

    public func appendCustody(_ event: CustodyEvent) async throws(LedgerError) -> CustodyEvent {
        let at = timestamp()
        let runner = self.runner
        return try await runner.write { connection in
            let rows = try await connection.query(
                """
                INSERT INTO custody_events (coi, serial, station, kind, actor, at)
                VALUES (\(event.coi), \(event.serial), \(event.station), \(event.kind), \(event.actor), \(at))
                RETURNING id
                """, logger: runner.logger
            ).collect()
            var stored = event
            stored.id = try rows.first.map { row throws(LedgerError) in try Columns(row).integer(0) }
            stored.at = at
            var details = ["station": event.station, "coi": event.coi]
            if let serial = event.serial { details["serial"] = serial }
            _ = try await runner.appendAudit(
                [
                    AuditEntry(
                        actor: Actor(auditName: event.actor) ?? Actor(.station, event.station),
                        action: "custody.\(event.kind)", subject: event.serial ?? event.coi, details: details)
                ], at: at, on: connection)
            return stored
        }
    }

    public func custodyEvents(coi: String) async throws(LedgerError) -> [CustodyEvent] {
        let logger = self.logger
        return try await runner.read { connection in
            let rows = try await connection.query(
                "SELECT id, coi, serial, station, kind, actor, at FROM custody_events WHERE coi = \(coi) ORDER BY id",
                logger: logger
            ).collect()
            return try rows.map { row throws(LedgerError) in
                let columns = Columns(row)
                let actor = try columns.text(5)
                var event = CustodyEvent(
                    coi: try columns.text(1), serial: try columns.optionalText(2), station: try columns.text(3),
                    kind: try columns.text(4), actor: Actor(auditName: actor) ?? .system)
                event.actor = actor
                event.id = try columns.integer(0)
                event.at = try columns.text(6)
                return event
            }
        }
    }

    static func loadLabels(
        _ connection: PostgresConnection, logger: Logger, where condition: PostgresQuery
    ) async throws -> [IssuedLabel] {
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT serial, coi, din, flags, state, hash_version::int8, template, batch, reprint_of
                FROM labels WHERE 
                """ + condition.sql, binds: condition.binds)
        return try await connection.query(query, logger: logger).collect().map { row throws(LedgerError) in
            try decodeLabel(Columns(row))
        }
    }

    static func decodeLabel(_ columns: Columns) throws(LedgerError) -> IssuedLabel {
        let value = try columns.integer(0)
        guard let serial = LabelSerial(UInt64(clamping: value)), let state = LabelState(rawValue: try columns.text(4))
        else { throw LedgerError(.corrupt, "label row \(value) cannot be decoded") }
        do {
            let din = try DIN(identifier: try columns.text(2)).with(flags: DINFlags(encoded: try columns.text(3)))
            // Out-of-range values (a tampered row) are `.corrupt`, never clamped into another valid value.
            guard let hashVersion = UInt8(exactly: try columns.integer(5)) else {
                throw LedgerError(.corrupt, "label row \(value) has a hash version out of range")
            }
            var original: LabelSerial?
            if let reprint = try columns.optionalInteger(8) {
                guard let unsigned = UInt64(exactly: reprint), let serial = LabelSerial(unsigned) else {
                    throw LedgerError(.corrupt, "label row \(value) has a reprint_of out of range")
                }
                original = serial
            }
            return IssuedLabel(
                serial: serial, coi: try ChainOfIdentityID(content: try columns.text(1)), din: din, state: state,
                hashVersion: hashVersion, template: try columns.optionalText(6), batch: try columns.optionalText(7),
                reprintOf: original)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.corrupt, "label row \(value) cannot be decoded: \(error)")
        }
    }
}
