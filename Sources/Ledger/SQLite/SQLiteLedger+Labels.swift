import Foundation
import GRDB
import LabelgateCore

extension SQLiteLedger {
    public func issueLabels(_ requests: [LabelRequest], by actor: Actor) async throws(LedgerError) -> [IssuedLabel] {
        let at = timestamp()
        return try await write { db in
            var labels: [IssuedLabel] = []
            var entries: [AuditEntry] = []
            labels.reserveCapacity(requests.count)
            entries.reserveCapacity(requests.count)
            for request in requests {
                let (label, entry) = try Self.insertLabel(request, by: actor, at: at, in: db)
                labels.append(label)
                entries.append(entry)
            }
            _ = try Self.appendAudit(entries, at: at, in: db)
            return labels
        }
    }

    static func insertLabel(
        _ request: LabelRequest, by actor: Actor, at: String, in db: Database
    ) throws -> (IssuedLabel, AuditEntry) {
        guard let owner = try String.fetchOne(
            db.cachedStatement(sql: "SELECT coi FROM record_dins WHERE din = ?"), arguments: [request.din.identifier]),
            owner == request.coi.content
        else {
            throw LedgerError(.notFound, "DIN \(request.din.identifier) is not a bag of record \(request.coi.content)")
        }
        if let original = request.reprintOf {
            guard let label = try loadLabel(db, serial: original.value),
                label.coi == request.coi, label.din.identifier == request.din.identifier
            else {
                throw LedgerError(.notFound, "serial \(original) is not a label of this bag")
            }
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO labels (coi, din, flags, state, hash_version, template, batch, reprint_of,
                    created_at, updated_at)
                VALUES (?, ?, ?, 'issued', ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            request.coi.content, request.din.identifier, request.din.flags.encoded,
            Int(CanonicalIdentityEncoding.currentVersion), request.template, request.batch,
            request.reprintOf.map { Int64($0.value) }, at, at,
        ])
        guard let value = UInt64(exactly: db.lastInsertedRowID), let serial = LabelSerial(value) else {
            throw LedgerError(.integrity, "the serial space is exhausted")
        }
        var details = ["din": request.din.identifier, "flags": request.din.flags.encoded, "coi": request.coi.content]
        if let template = request.template { details["template"] = template }
        if let batch = request.batch { details["batch"] = batch }
        if let original = request.reprintOf { details["reprintOf"] = original.text }
        if let claim = request.printJob {
            try db.cachedStatement(
                sql: """
                    INSERT INTO print_jobs (serial, printer, job, updated_at, gateway, incarnation)
                    VALUES (?, ?, NULL, ?, ?, ?)
                    """
            ).execute(arguments: [
                Int64(serial.value), claim.printer, at, claim.fence.gateway, claim.fence.incarnation,
            ])
            details["printer"] = claim.printer
            details["gateway"] = claim.fence.gateway
            details["incarnation"] = claim.fence.incarnation
        }
        let label = IssuedLabel(
            serial: serial, coi: request.coi, din: request.din, state: .issued,
            hashVersion: CanonicalIdentityEncoding.currentVersion, template: request.template,
            batch: request.batch, reprintOf: request.reprintOf)
        return (label, AuditEntry(actor: actor, action: "label.issue", subject: serial.text, details: details))
    }

    public func label(serial: LabelSerial) async throws(LedgerError) -> IssuedLabel? {
        try await read { db in try Self.loadLabel(db, serial: serial.value) }
    }

    public func labels(coi: ChainOfIdentityID) async throws(LedgerError) -> [IssuedLabel] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM labels WHERE coi = ? ORDER BY serial", arguments: [coi.content])
                .map(Self.decodeLabel)
        }
    }

    public func transitionLabel(
        _ serial: LabelSerial, to state: LabelState, by actor: Actor, reason: String?
    ) async throws(LedgerError) -> IssuedLabel {
        let at = timestamp()
        return try await write { db in try Self.transition(serial, to: state, by: actor, reason: reason, at: at, in: db) }
    }

    public func transitionLabels(_ changes: [LabelTransition], by actor: Actor) async throws(LedgerError)
        -> [IssuedLabel]
    {
        let at = timestamp()
        return try await write { db in
            try changes.map { change in
                try Self.transition(change.serial, to: change.state, by: actor, reason: change.reason, at: at, in: db)
            }
        }
    }

    static func transition(
        _ serial: LabelSerial, to state: LabelState, by actor: Actor, reason: String?, at: String, in db: Database
    ) throws -> IssuedLabel {
        guard var label = try loadLabel(db, serial: serial.value) else {
            throw LedgerError(.notFound, "no label with serial \(serial)")
        }
        let entry = try label.transitionEntry(to: state, by: actor, reason: reason)
        try db.cachedStatement(sql: "UPDATE labels SET state = ?, updated_at = ? WHERE serial = ?")
            .execute(arguments: [state.rawValue, at, Int64(serial.value)])
        _ = try appendAudit([entry], at: at, in: db)
        label.state = state
        return label
    }

    public func verificationContext(serial: LabelSerial) async throws(LedgerError) -> VerificationContext? {
        do {
            return try await reader.read { connection in try connection.verification.context(serial: serial) }
        } catch {
            throw Self.mapped(error)
        }
    }

    public func appendCustody(_ event: CustodyEvent) async throws(LedgerError) -> CustodyEvent {
        let at = timestamp()
        return try await write { db in
            try db.execute(
                sql: "INSERT INTO custody_events (coi, serial, station, kind, actor, at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [event.coi, event.serial, event.station, event.kind, event.actor, at])
            var stored = event
            stored.id = db.lastInsertedRowID
            stored.at = at
            var details = ["station": event.station, "coi": event.coi]
            if let serial = event.serial { details["serial"] = serial }
            _ = try Self.appendAudit(
                [
                    AuditEntry(
                        actor: Actor(auditName: event.actor) ?? Actor(.station, event.station),
                        action: "custody.\(event.kind)", subject: event.serial ?? event.coi, details: details)
                ], at: at, in: db)
            return stored
        }
    }

    public func custodyEvents(coi: String) async throws(LedgerError) -> [CustodyEvent] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM custody_events WHERE coi = ? ORDER BY id", arguments: [coi]).map {
                row in
                var event = CustodyEvent(
                    coi: row["coi"], serial: row["serial"], station: row["station"], kind: row["kind"],
                    actor: Actor(auditName: row["actor"]) ?? .system)
                event.actor = row["actor"]
                event.id = row["id"]
                event.at = row["at"]
                return event
            }
        }
    }

    static func loadLabel(_ db: Database, serial: UInt64) throws -> IssuedLabel? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM labels WHERE serial = ?"), arguments: [Int64(serial)])
            .map(decodeLabel)
    }

    static func decodeLabel(_ row: Row) throws -> IssuedLabel {
        // Every column is read as optional and checked: a NULL, mistyped or out-of-range value in a tampered or
        // damaged file is `.corrupt`, never a trap (GRDB's non-optional subscripts trap on NULL).
        let serialValue: Int64? = row["serial"]
        let reprint: Int64? = row["reprint_of"]
        let stateText: String? = row["state"]
        let hashVersion: Int64? = row["hash_version"]
        do {
            guard let serialValue, let unsigned = UInt64(exactly: serialValue), let serial = LabelSerial(unsigned),
                let stateText, let state = LabelState(rawValue: stateText),
                let hashVersion, let version = UInt8(exactly: hashVersion),
                let dinText: String = row["din"], let flagsText: String = row["flags"], let coiText: String = row["coi"]
            else {
                throw LedgerError(.corrupt, "label row \(serialValue.map(String.init) ?? "NULL") cannot be decoded")
            }
            var original: LabelSerial?
            if let reprint {
                guard let value = UInt64(exactly: reprint), let serial = LabelSerial(value) else {
                    throw LedgerError(.corrupt, "label row \(serialValue) has a reprint_of out of range")
                }
                original = serial
            }
            let din = try DIN(identifier: dinText).with(flags: DINFlags(encoded: flagsText))
            return IssuedLabel(
                serial: serial, coi: try ChainOfIdentityID(content: coiText), din: din, state: state,
                hashVersion: version, template: row["template"], batch: row["batch"], reprintOf: original)
        } catch let error as LedgerError {
            throw error
        } catch {
            let row = serialValue.map(String.init) ?? "NULL"
            throw LedgerError(.corrupt, "label row \(row) cannot be decoded: \(error)")
        }
    }
}
