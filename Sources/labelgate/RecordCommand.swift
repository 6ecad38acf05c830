import ArgumentParser
import Foundation
import LabelgateCore
import Ledger

struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Add, amend, show and list chain-of-identity records.",
        subcommands: [Add.self, Amend.self, Show.self, List.self])

    /// Record fields as flags (the alternative to JSON on stdin).
    struct Fields: ParsableArguments {
        @Option(help: "COI identifier content, CH + 13 characters.") var coi: String?
        @Option(help: "A 13-character DIN of the record (repeat for each bag).") var din: [String] = []
        @Option(help: "ISBT 128 product code (8 characters).") var product: String?
        @Option(help: "Collection facility (FIN or site code).") var facility: String?
        @Option(help: "Collection date-time with offset, e.g. 2026-11-25T08:30-05:00.") var collected: String?
        @Option(help: "GTIN for the GS1 profile.") var gtin: String?
        @Option(help: "Patient family name.") var familyName: String?
        @Option(help: "Patient given name.") var givenName: String?
        @Option(help: "Patient date of birth, YYYY-MM-DD.") var dob: String?
        @Option(help: "Patient medical record number.") var mrn: String?

        var isEmpty: Bool { coi == nil && din.isEmpty && product == nil && familyName == nil }

        func input() throws -> RecordInput {
            guard let coi, !din.isEmpty, let product, let facility, let collected, let familyName, let givenName,
                let dob
            else {
                throw ValidationError("give --coi, --din, --product, --facility, --collected, --family-name, --given-name and --dob, or JSON on stdin")
            }
            return RecordInput(
                coi: coi, dins: din, productCode: product, collectionFacility: facility, collectionDate: collected,
                gtin: gtin,
                patient: PatientIdentity(familyName: familyName, givenName: givenName, dateOfBirth: dob, medicalRecordNumber: mrn))
        }

        /// Overlays the flags that were given on an existing input.
        func overlay(on base: RecordInput) -> RecordInput {
            var input = base
            if !din.isEmpty { input.dins = base.dins + din.filter { !base.dins.contains($0) } }
            if let product { input.productCode = product }
            if let facility { input.collectionFacility = facility }
            if let collected { input.collectionDate = collected }
            if let gtin { input.gtin = gtin }
            if let familyName { input.patient.familyName = familyName }
            if let givenName { input.patient.givenName = givenName }
            if let dob { input.patient.dateOfBirth = dob }
            if let mrn { input.patient.medicalRecordNumber = mrn }
            return input
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a record (JSON on stdin, or flags).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var fields: Fields

        func run() async throws {
            let input: RecordInput
            if fields.isEmpty {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                do {
                    input = try JSONDecoder().decode(RecordInput.self, from: data)
                } catch {
                    throw ValidationError("stdin is not a record in JSON: \(error)")
                }
            } else {
                input = try fields.input()
            }
            let record = try input.record(salt: .random())
            let ledger = try global.openLedger()
            do {
                try await ledger.addRecord(record, by: global.actor)
            } catch {
                throw CLIError("record not added: \(error)")
            }
            if global.json {
                Output.json(RecordView(record, revealPatient: false))
            } else {
                print("added record \(record.coi.content) (K \(record.coi.checkCharacter())) with \(record.dins.count) DIN(s)")
            }
        }
    }

    struct Amend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Amend a record's fields; labels printed before the amendment no longer verify.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "COI identifier content.") var coi: String
        @Option(help: "Why the record is amended (required; audited).") var reason: String
        @OptionGroup var fields: Fields

        func run() async throws {
            let ledger = try global.openLedger()
            let current = try await RecordCommand.load(coi, from: ledger)
            let base = RecordInput(
                coi: current.coi.content, dins: current.dins.map(\.identifier), productCode: current.productCode.content,
                collectionFacility: current.collectionFacility, collectionDate: current.collectionDate,
                gtin: current.gtin, patient: current.patient)
            let amended = try fields.overlay(on: base).record(salt: current.salt, revision: current.revision)
            let stored: COIRecord
            do {
                stored = try await ledger.amendRecord(amended, by: global.actor, reason: reason)
            } catch {
                throw CLIError("record not amended: \(error)")
            }
            if global.json {
                Output.json(RecordView(stored, revealPatient: false))
            } else {
                print("amended record \(stored.coi.content), now revision \(stored.revision)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a record (patient fields hidden by default).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "COI identifier content.") var coi: String
        @Flag(help: "Also print the patient's identity fields.") var revealPatient = false

        func run() async throws {
            let record = try await RecordCommand.load(coi, from: global.openLedger())
            let view = RecordView(record, revealPatient: revealPatient)
            if global.json {
                Output.json(view)
                return
            }
            print("COI        \(record.coi.humanReadable) [\(view.coiCheckCharacter)]")
            for din in record.dins { print("DIN        \(din.humanReadable) [\(din.checkCharacter)]") }
            print("product    \(view.productCode)")
            print("collected  \(view.collectionFacility) \(view.collectionDate)")
            if let gtin = view.gtin { print("GTIN       \(gtin)") }
            print("revision   \(view.revision)")
            print("fingerprint \(view.fingerprint)")
            if let patient = view.patient {
                print("patient    \(patient.familyName), \(patient.givenName) born \(patient.dateOfBirth)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List records (no patient data).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "At most this many, newest first.") var limit = 100

        func run() async throws {
            let summaries: [RecordSummary]
            do {
                summaries = try await global.openLedger().recordSummaries(limit: limit)
            } catch {
                throw CLIError("\(error)")
            }
            if global.json {
                Output.json(summaries)
                return
            }
            for summary in summaries {
                print("\(summary.coi)  \(summary.productCode)  rev \(summary.revision)  dins \(summary.dins.joined(separator: ","))  labels \(summary.labelCount)")
            }
        }
    }

    static func load(_ coi: String, from ledger: any LedgerStore) async throws -> COIRecord {
        let id: ChainOfIdentityID
        do {
            id = try ChainOfIdentityID(content: coi.hasPrefix("&/") ? String(coi.dropFirst(2)) : coi)
        } catch {
            throw ValidationError("not a COI identifier: \(error.reason)")
        }
        let found: COIRecord?
        do {
            found = try await ledger.record(coi: id)
        } catch {
            throw CLIError("\(error)")
        }
        guard let found else { throw CLIError("no record \(id.content)") }
        return found
    }
}
