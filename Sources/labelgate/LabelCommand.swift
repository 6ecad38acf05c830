import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger

struct LabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label", abstract: "Issue label payloads and move labels through their lifecycle.",
        subcommands: [Payload.self, List.self, Mark.self])

    struct Payload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a serial and print the exact bytes its 2-D symbol will carry.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "COI identifier content of the record.") var record: String
        @Option(help: "gs1 or isbt.") var profile: LabelProfile = .isbt
        @Option(help: "Which bag: a 13-character DIN of the record (default: its first).") var din: String?
        @Option(help: "DIN flag characters to print (00, 01-04 container of a set…).") var flags = "00"

        func run() async throws {
            let gate = try global.openGate()
            let found = try await RecordCommand.load(record, from: gate.store)
            let bag = try Self.bag(of: found, din: din, flags: flags)
            let issued: IssuedPayload
            do {
                issued = try await gate.issueLabel(coi: found.coi, din: bag, profile: profile, by: global.actor)
            } catch {
                throw CLIError("\(error)")
            }
            if global.json {
                Output.json(PayloadView(issued))
            } else {
                print(issued.payload.aimIdentifier + Output.visible(issued.payload.bytes))
                Output.error("serial \(issued.label.serial) issued; human-readable: \(issued.payload.humanReadable)")
            }
        }

        /// The record's bag `din` (default: its first) carrying `flags`.
        static func bag(of record: COIRecord, din: String?, flags: String) throws -> DIN {
            let dinFlags: DINFlags
            do {
                dinFlags = try DINFlags(encoded: flags)
            } catch {
                throw ValidationError(error.reason)
            }
            let chosen = din == nil ? record.dins.first : record.din(identifier: din ?? "")
            guard let chosen else { throw CLIError("DIN \(din ?? "") is not a bag of record \(record.coi.content)") }
            return chosen.with(flags: dinFlags)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a record's labels.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "COI identifier content of the record.") var record: String

        func run() async throws {
            let ledger = try global.openLedger()
            let coi = try await RecordCommand.load(record, from: ledger).coi
            let labels = (try? await ledger.labels(coi: coi)) ?? []
            if global.json {
                Output.json(labels.map(LabelView.init))
                return
            }
            for label in labels {
                print("\(label.serial)  \(label.din.identifier) \(label.din.flags.encoded)  \(label.state.rawValue)")
            }
        }
    }

    struct Mark: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a label to a new state (printed, applied, voided, destroyed…), with a reason.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ten-digit serial.") var serial: String
        @Option(help: "The new state.") var state: LabelState
        @Option(help: "Why (required for voided and destroyed).") var reason: String?

        func run() async throws {
            guard let serial = LabelSerial(text: serial) else { throw ValidationError("a serial is ten digits") }
            let label: IssuedLabel
            do {
                label = try await global.openLedger().transitionLabel(serial, to: state, by: global.actor, reason: reason)
            } catch {
                throw CLIError("\(error)")
            }
            if global.json { Output.json(LabelView(label)) } else { print("\(label.serial) is now \(label.state.rawValue)") }
        }
    }
}

extension LabelProfile: ExpressibleByArgument {}
extension LabelState: ExpressibleByArgument {}

/// JSON view of an issued payload.
struct PayloadView: Encodable {
    var serial: String
    var coi: String
    var din: String
    var flags: String
    var profile: String
    var aim: String
    var payload: String
    var payloadHex: String
    var humanReadable: String
    var hash: String

    init(_ issued: IssuedPayload) {
        serial = issued.label.serial.text
        coi = issued.claim.coi.content
        din = issued.claim.din.identifier
        flags = issued.claim.din.flags.encoded
        profile = issued.payload.profile.rawValue
        aim = issued.payload.aimIdentifier
        payload = issued.payload.text
        payloadHex = Hex.encode(issued.payload.bytes)
        humanReadable = issued.payload.humanReadable
        hash = issued.claim.hash.text
    }
}

/// JSON view of a label row.
struct LabelView: Encodable {
    var serial: String
    var coi: String
    var din: String
    var flags: String
    var state: String
    var reprintOf: String?

    init(_ label: IssuedLabel) {
        serial = label.serial.text
        coi = label.coi.content
        din = label.din.identifier
        flags = label.din.flags.encoded
        state = label.state.rawValue
        reprintOf = label.reprintOf?.text
    }
}
