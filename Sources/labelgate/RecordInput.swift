import Foundation
import LabelgateCore

/// A record as an operator supplies it (JSON on stdin or flags). The salt is never supplied: labelgate makes it.
struct RecordInput: Codable {
    var coi: String
    var dins: [String]
    var productCode: String
    var collectionFacility: String
    var collectionDate: String
    var gtin: String?
    var patient: PatientIdentity

    /// Builds a validated record with `salt` and `revision`.
    func record(salt: IdentitySalt, revision: Int = 1) throws -> COIRecord {
        do {
            let coiContent = coi.hasPrefix("&/") ? String(coi.dropFirst(2)) : coi
            return try COIRecord(
                coi: ChainOfIdentityID(content: coiContent),
                dins: dins.map { text throws(ISBT128Error) in try DIN(identifier: text) },
                productCode: ProductCode(content: productCode.hasPrefix("=<") ? String(productCode.dropFirst(2)) : productCode),
                collectionFacility: collectionFacility, collectionDate: collectionDate, gtin: gtin, patient: patient,
                salt: salt, revision: revision)
        } catch {
            throw CLIError("invalid record: \(error)")
        }
    }
}

/// What `record show` prints: identifiers always, patient fields only with `--reveal-patient`.
struct RecordView: Encodable {
    var coi: String
    var coiCheckCharacter: String
    var dins: [DINView]
    var productCode: String
    var collectionFacility: String
    var collectionDate: String
    var gtin: String?
    var revision: Int
    /// The record fingerprint a print request names (see `docs/identity-hash.md`).
    var fingerprint: String
    var patient: PatientIdentity?

    struct DINView: Encodable {
        var din: String
        var checkCharacter: String
    }

    init(_ record: COIRecord, revealPatient: Bool) {
        coi = record.coi.content
        coiCheckCharacter = String(record.coi.checkCharacter())
        dins = record.dins.map { DINView(din: $0.identifier, checkCharacter: String($0.checkCharacter)) }
        productCode = record.productCode.content
        collectionFacility = record.collectionFacility
        collectionDate = record.collectionDate
        gtin = record.gtin
        revision = record.revision
        fingerprint = (try? RecordFingerprint.compute(for: record).text) ?? ""
        patient = revealPatient ? record.patient : nil
    }
}
