import Crypto
import Foundation
import LabelgateCore
import Ledger

/// What the gate asks of an NFC tag writer at the print station.
public protocol TagEncoding: Sendable {
    /// Identifies the tag in the field: UID, product and originality signature (no data area).
    func identify() async throws -> TagReading
    /// Writes `plan` to the tag with that UID and reads the written data area back; throws a typed error if the
    /// tag leaves the field, refuses a write or turns out to be another tag.
    func write(_ plan: TagWritePlan) async throws -> TagReading
}

/// What to write to one tag: the data area, and the password that protects it afterwards.
public struct TagWritePlan: Sendable {
    /// The UID of the tag this plan is bound to; writing it to another tag is an error.
    public var uid: [UInt8]
    /// The product identified before writing.
    public var product: TagProduct
    /// The data area bytes from page 4 (whole pages).
    public var dataArea: [UInt8]
    /// PWD for PWD_AUTH (4 bytes), derived from the record's salt and the UID.
    public var password: [UInt8]
    /// PACK the tag answers with after PWD_AUTH (2 bytes).
    public var passwordAcknowledge: [UInt8]
}

extension Gate {
    /// Parses a tag reading (TLVs → NDEF → labelgate claim record → label payload) and decides; the tag must be
    /// genuine and the claim bound to its UID. A reading that cannot be parsed is refused and audited like any scan.
    public func accept(_ reading: TagReading, at station: Station, by actor: Actor? = nil) async -> Verdict {
        let scan = Scan(bytes: reading.dataArea, source: .nfcTag(uid: reading.uid))
        do {
            let claim = try TagClaimRecord.claim(from: reading, parser: parser)
            return await accept(claim, at: station, by: actor, scan: scan)
        } catch {
            let (reason, detail) = Self.refusal(for: error)
            let verdict = Verdict.refused(reason, station: station.id, detail: detail, at: now())
            return await record(verdict, scan: scan, claim: nil, station: station, actor: actor)
        }
    }

    /// Records a reader or tag fault (tag removed mid-read, reader gone…) in the audit trail; returns its sequence.
    @discardableResult
    public func auditTagFault(code: String, reason: String, at station: Station, uid: [UInt8]? = nil) async -> Int64? {
        var details = ["station": station.id, "code": code, "reason": reason]
        if let uid { details["source"] = ScanSource.nfcTag(uid: uid).auditLabel }
        let entry = AuditEntry(actor: Actor(.station, station.id), action: "tag.fault", subject: nil, reason: code, details: details)
        do {
            return try await store.appendAudit(entry).sequence
        } catch {
            logger.error("could not audit a tag fault", metadata: ["error": "\(error.code)"])
            return nil
        }
    }

    /// The encode path: writes the label's claim, bound to the tag's UID, to the tag in the field, reads it back and
    /// decides on the read-back exactly as a dock would. Only an accepted read-back counts; every outcome is audited.
    ///
    /// The station must be a print station and the label must be one the ledger issued for `payload`'s claim.
    public func encodeTag(
        _ payload: EncodedPayload, at station: Station, encoder: any TagEncoding, by actor: Actor
    ) async throws(GateError) -> Verdict {
        try await encodeTag(
            payloadBytes: payload.bytes, aimIdentifier: payload.aimIdentifier, at: station, encoder: encoder, by: actor)
    }

    /// `encodeTag` for a payload given as its bytes and AIM identifier (as a scanner would report the label).
    public func encodeTag(
        payloadBytes: [UInt8], aimIdentifier: String, at station: Station, encoder: any TagEncoding, by actor: Actor
    ) async throws(GateError) -> Verdict {
        let payload = (bytes: payloadBytes, aimIdentifier: aimIdentifier)
        guard station.role == .printStation else {
            await auditEncode(nil, outcome: "refused", reason: "wrongStation", station: station, actor: actor)
            throw GateError(.wrongStation, "tags are encoded at a print station")
        }
        let claim: Claim
        do {
            claim = try parser.parse(Scan(bytes: payload.bytes, aimIdentifier: payload.aimIdentifier))
        } catch {
            throw GateError(.payload, "the payload to encode does not parse: \(error)")
        }
        let verdict = await evaluate(claim.label, at: station)
        guard verdict.isAccepted else {
            await auditEncode(nil, outcome: "refused", reason: verdict.reason?.rawValue ?? "", station: station, actor: actor)
            throw GateError(.hashMismatch, "the payload is not what the ledger issued: \(verdict.reason?.rawValue ?? "")")
        }
        let record: COIRecord
        do {
            guard let found = try await store.record(coi: claim.label.coi) else {
                throw GateError(.unknownRecord, "no record \(claim.label.coi.content)")
            }
            record = found
        } catch let error as GateError {
            throw error
        } catch {
            throw GateError(error as? LedgerError ?? LedgerError(.unavailable, "\(error)"))
        }
        let tag: TagReading
        do {
            tag = try await encoder.identify()
        } catch {
            await auditEncode(nil, outcome: "failed", reason: Self.code(of: error), station: station, actor: actor)
            throw GateError(.tag, "no tag could be identified: \(error)")
        }
        guard tagTrust.verifier(uid: tag.uid, signature: tag.signature, product: tag.product) != nil else {
            await auditEncode(tag.uid, outcome: "refused", reason: RefusalReason.tagNotGenuine.rawValue, station: station, actor: actor)
            throw GateError(.tagNotGenuine, "the tag's originality signature does not verify; use another tag")
        }
        let plan: TagWritePlan
        do {
            let bound = try TagClaimRecord.boundBytes(aimIdentifier: payload.aimIdentifier, payload: payload.bytes)
            let mac = TagClaimRecord.bindingMAC(uid: tag.uid, boundBytes: bound, salt: record.salt)
            let message = TagClaimRecord.message(boundBytes: bound, mac: mac).encoded()
            let area = try Type2TLV.area(for: message, capacity: tag.product.dataAreaSize)
            let secret = Self.tagPassword(uid: tag.uid, salt: record.salt)
            plan = TagWritePlan(
                uid: tag.uid, product: tag.product, dataArea: area, password: Array(secret[0..<4]),
                passwordAcknowledge: Array(secret[4..<6]))
        } catch {
            await auditEncode(tag.uid, outcome: "refused", reason: error.code.rawValue, station: station, actor: actor)
            throw GateError(.payload, "the claim does not fit this tag: \(error)")
        }
        let readBack: TagReading
        do {
            readBack = try await encoder.write(plan)
        } catch {
            await auditEncode(tag.uid, outcome: "failed", reason: Self.code(of: error), station: station, actor: actor)
            throw GateError(.tag, "the tag was not written: \(error)")
        }
        guard readBack.uid == plan.uid, readBack.dataArea.starts(with: plan.dataArea) else {
            await auditEncode(tag.uid, outcome: "failed", reason: "readBackMismatch", station: station, actor: actor)
            throw GateError(.readBackMismatch, "the tag does not read back as written")
        }
        // The read-back goes through the same accept path a dock uses, and is audited as a verdict.
        let final = await accept(readBack, at: station, by: actor)
        guard final.isAccepted else {
            throw GateError(.readBackMismatch, "the written tag is refused on read-back: \(final.reason?.rawValue ?? "")")
        }
        await auditEncode(tag.uid, outcome: "encoded", reason: nil, station: station, actor: actor, serial: claim.label.serial.text)
        return final
    }

    /// The tag step of the print path: writes the rendered label's claim to the tag; a failure voids the serial.
    func encodeTagForPrint(_ issued: IssuedPayload, printer: String, encoder: any TagEncoding, by actor: Actor)
        async throws(GateError)
    {
        do {
            _ = try await encodeTag(
                issued.payload, at: Station(id: "print:\(printer)", role: .printStation), encoder: encoder, by: actor)
        } catch {
            do {
                _ = try await store.transitionLabel(
                    issued.label.serial, to: .voided, by: actor, reason: "tag not encoded: \(error.code)")
            } catch let ledgerError {
                logger.error("could not void a label whose tag failed", metadata: ["error": "\(ledgerError.code)"])
            }
            throw error
        }
    }

    /// PWD (4 bytes) and PACK (2 bytes) for a tag: HMAC-SHA-256 under the record's salt over a domain and the UID,
    /// so only the ledger's holder can unlock a written tag.
    static func tagPassword(uid: [UInt8], salt: IdentitySalt) -> [UInt8] {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: salt.bytes))
        mac.update(data: Array("labelgate.org:pwd".utf8) + [0, UInt8(uid.count)] + uid)
        return Array(mac.finalize().prefix(6))
    }

    static func refusal(for error: any Error) -> (RefusalReason, String) {
        if let error = error as? NDEFError { return (.unreadable, error.code.rawValue) }
        if let error = error as? ClaimError { return (RefusalReason(error), error.code.rawValue) }
        return (.unreadable, "tag.unreadable")
    }

    static func code(of error: any Error) -> String {
        if let coded = error as? any CodedError { return "\(coded.code)" }
        return "tag.error"
    }

    private func auditEncode(
        _ uid: [UInt8]?, outcome: String, reason: String?, station: Station, actor: Actor, serial: String? = nil
    ) async {
        var details = ["station": station.id]
        if let uid { details["source"] = ScanSource.nfcTag(uid: uid).auditLabel }
        let entry = AuditEntry(actor: actor, action: "tag.\(outcome)", subject: serial, reason: reason, details: details)
        do {
            _ = try await store.appendAudit(entry)
        } catch {
            logger.error("could not audit a tag encode", metadata: ["error": "\(error.code)"])
        }
    }
}
