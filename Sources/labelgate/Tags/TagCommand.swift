import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger
import Tags

/// `labelgate tag read|write`: NFC tags through libnfc and the gate.
struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Read a tag into a verdict, or encode a label's claim onto a tag, through the gate.",
        subcommands: [TagReadCommand.self, TagWriteCommand.self])
}

/// Options naming the reader.
struct ReaderOptions: ParsableArguments {
    @Option(help: "libnfc connstring of the reader (pn532_uart:/dev/ttyUSB0, acr122_usb…); default: libnfc's.")
    var reader: String?

    @Option(help: "Seconds to wait for a tag.") var timeout: Double = 10

    func session(_ global: GlobalOptions) -> NFCSession {
        NFCSession(configuration: NFCConfiguration(connstring: reader), logger: global.logger())
    }
}

/// `labelgate tag read`: waits for a tag and asks the gate; the verdict is audited.
struct TagReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Wait for a tag, read its claim and print the gate's verdict (audited).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var readerOptions: ReaderOptions
    @Option(help: "Station ID.") var station = "tag-dock"
    @Option(help: "Station role: receivingDock, bedside, verification.") var role = "receivingDock"

    func run() async throws {
        let gate = try global.openGate()
        guard let stationRole = Station.Role(rawValue: role) else { throw ValidationError("unknown role \(role)") }
        let session = readerOptions.session(global)
        defer { session.close() }
        let tagStation = TagStation(session: session, gate: gate, station: Station(id: station, role: stationRole))
        let result = await tagStation.acceptNext(timeout: .milliseconds(Int(readerOptions.timeout * 1000)))
        let verdict: Verdict
        switch result {
        case .success(let value): verdict = value
        case .failure(let error): throw CLIError("\(error)")
        }
        if global.json {
            Output.json(verdict)
        } else if verdict.isAccepted {
            print("ACCEPTED  serial \(verdict.serial ?? "-")  COI \(verdict.coi ?? "-")  DIN \(verdict.din ?? "-")")
        } else {
            print("REFUSED   \(verdict.reason?.rawValue ?? "")  \(verdict.message)")
        }
        if !verdict.isAccepted { throw CLIExit.refused.exitCode }
    }
}

/// `labelgate tag write`: encodes an issued label's payload onto the tag in the field, at a print station.
struct TagWriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Encode an issued label's payload onto the tag in the field (print station), with read-back.",
        discussion: "The gate checks the payload against the ledger, binds it to the tag's UID and accepts the read-back.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var readerOptions: ReaderOptions
    @Option(help: "The label's 2-D payload as printed.") var payload: String
    @Option(help: "Its AIM identifier (]d1 ISBT 128 Data Matrix, ]d2 GS1 DataMatrix).") var aim = "]d1"
    @Option(help: "Station ID (a print station).") var station = "print-station"

    func run() async throws {
        let gate = try global.openGate()
        let session = readerOptions.session(global)
        defer { session.close() }
        let result = await Self.encode(
            gate: gate, payload: Array(payload.utf8), aim: aim, station: Station(id: station, role: .printStation),
            encoder: TagEncoder(session: session, timeout: .milliseconds(Int(readerOptions.timeout * 1000))),
            actor: global.actor)
        switch result {
        case .success(let verdict):
            if global.json { Output.json(verdict) } else { print("ENCODED   serial \(verdict.serial ?? "-")") }
        case .failure(let error):
            Output.error("REFUSED  \(error.code): \(error.reason)")
            throw CLIExit.exitCode(for: error)
        }
    }

    /// Typed throws kept out of the async `run` (Swift 6.3 optimizer crash), and never inlined into it.
    @inline(never)
    static func encode(
        gate: Gate, payload: [UInt8], aim: String, station: Station, encoder: TagEncoder, actor: Actor
    ) async -> Result<Verdict, GateError> {
        do {
            return .success(
                try await gate.encodeTag(
                    payloadBytes: payload, aimIdentifier: aim, at: station, encoder: encoder, by: actor))
        } catch {
            return .failure(error)
        }
    }
}
