import ArgumentParser
import Foundation
import Gate
import LabelgateCore
import Ledger
import LedgerConformance
import Logging
import Tags

/// `labelgate bench-tags`: tag placed → verdict latency through libnfc and the gate, against the PN532 emulator.
struct TagBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-tags",
        abstract: "Measure tag placed → verdict latency (p50/p99) through the real libnfc against the PN532 emulator.",
        discussion: """
            Starts scripts/nfc/pn532_emulator.py on a pty, encodes one label's claim onto an emulated NTAG213 through
            the gate, then places the tag --placements times and times: placed -> select, GET_VERSION, READ_SIG,
            data area, parse, originality and UID binding checks, gate decision and durable audit row -> verdict.
            The baseline, measured in the same run on the same emulator and session, is libnfc alone: select and
            READ of the same number of pages, nothing parsed or checked.
            """)

    @Option(help: "Tag placements to time per mode.") var placements = 200
    @Option(help: "Path of pn532_emulator.py.") var emulator = "scripts/nfc/pn532_emulator.py"
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() async throws {
        setenv("LIBNFC_AUTO_SCAN", "false", 1)
        setenv("LIBNFC_INTRUSIVE_SCAN", "false", 1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labelgate-tagbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let global = try GlobalOptions.parse(["--store", dir.appendingPathComponent("bench.sqlite").path])
        let logger = global.logger()
        let ledger = try global.openLedger()
        let fixture = try TagBenchFixture.load()
        let gate: Gate
        do {
            gate = try Gate(store: ledger, logger: logger, tagTrust: OriginalityTrust.nxp.adding(fixture.key))
        } catch {
            throw CLIError("cannot start the gate: \(error)")
        }
        let pn532 = try PN532Emulator(script: URL(fileURLWithPath: emulator), timeLimitSeconds: 600)
        defer { pn532.stop() }
        let session = NFCSession(configuration: NFCConfiguration(connstring: pn532.connstring), logger: logger)
        defer { session.close() }
        let actor = Actor(.system, "bench")
        let record = try SampleRecords.record()
        try await ledger.addRecord(record, by: actor)
        try pn532.place(uid: fixture.uid, signature: fixture.signature)
        let area = try await TagBenchFixture.encode(gate: gate, ledger: ledger, record: record, session: session, actor: actor)
        let pages = (area.count + 3) / 4
        let dock = TagStation(session: session, gate: gate, station: Station(id: "bench-tags", role: .receivingDock))

        // Stage: the gate alone on a reading taken once (parse, originality, binding, decision, durable audit row).
        let reading = try await session.readTag(timeout: .seconds(2))
        var gateOnly: [Double] = []
        for _ in 0..<placements {
            let start = ContinuousClock.now
            _ = await gate.accept(reading, at: Station(id: "bench-tags", role: .receivingDock))
            gateOnly.append(Self.microseconds(ContinuousClock.now - start))
        }
        var baseline: [Double] = []
        var through: [Double] = []
        var accepted = 0
        for index in 0..<(2 * placements) {
            try pn532.place(uid: fixture.uid, signature: fixture.signature, pages: area)
            let start = ContinuousClock.now
            if index % 2 == 0 {
                _ = try await session.rawSelectAndRead(pages: pages)
                baseline.append(Self.microseconds(ContinuousClock.now - start))
            } else {
                if case .success(let verdict) = await dock.acceptNext(timeout: .seconds(2)), verdict.isAccepted {
                    accepted += 1
                }
                through.append(Self.microseconds(ContinuousClock.now - start))
            }
        }
        let report = TagBenchReport(
            placements: placements, pages: pages, baseline: .init(baseline), gateOnly: .init(gateOnly),
            verdict: .init(through), accepted: accepted)
        if json { Output.json(report) } else { report.printTable() }
        if accepted != placements { throw CLIError("only \(accepted) of \(placements) placements were accepted") }
    }

    static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }
}

/// The emulated tag for the benchmark: the test maker's UID and signature (fixtures/nfc/originality.json).
struct TagBenchFixture {
    var uid: String
    var signature: String
    var key: OriginalityTrust.Key

    static func load() throws -> TagBenchFixture {
        struct File: Decodable {
            struct Entry: Decodable {
                let uid: String
                let signature: String
            }
            let testMakerPublicKey: String
            let signatures: [Entry]
        }
        let url = PN532Emulator.repositoryRoot.appendingPathComponent("fixtures/nfc/originality.json")
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        guard let first = file.signatures.first else { throw CLIError("no signatures in \(url.path)") }
        let key = OriginalityTrust.Key(
            name: "test maker", publicKey: TestHex.bytes(file.testMakerPublicKey), products: [.ntag213])
        return TagBenchFixture(uid: first.uid, signature: first.signature, key: key)
    }

    /// Issues a label, encodes it onto the tag through the gate, marks it printed; returns the tag's data area.
    static func encode(gate: Gate, ledger: any LedgerStore, record: COIRecord, session: NFCSession, actor: Actor)
        async throws -> [UInt8]
    {
        let result = await issueAndEncode(gate: gate, record: record, session: session, actor: actor)
        let serial: LabelSerial
        switch result {
        case .success(let value): serial = value
        case .failure(let error): throw CLIError("encoding the benchmark tag failed: \(error)")
        }
        _ = try await ledger.transitionLabel(serial, to: .printed, by: actor, reason: nil)
        let reading = try await session.readTag(timeout: .seconds(2))
        return reading.dataArea
    }

    /// Typed throws kept out of the async `run` (Swift 6.3 optimizer crash), and never inlined into it.
    @inline(never)
    static func issueAndEncode(gate: Gate, record: COIRecord, session: NFCSession, actor: Actor) async
        -> Result<LabelSerial, GateError>
    {
        do {
            let issued = try await gate.issueLabel(
                coi: record.coi, din: record.dins[0].with(flags: .containerOfSet(1)), profile: .isbt, by: actor)
            _ = try await gate.encodeTag(
                issued.payload, at: Station(id: "bench-print", role: .printStation), encoder: TagEncoder(session: session),
                by: actor)
            return .success(issued.label.serial)
        } catch {
            return .failure(error)
        }
    }
}

/// What `labelgate bench-tags` measured, in microseconds.
struct TagBenchReport: Encodable {
    struct Latency: Encodable {
        var p50: Double
        var p99: Double
        var max: Double

        init(_ microseconds: [Double]) {
            let sorted = microseconds.sorted()
            func at(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))] }
            p50 = at(0.5)
            p99 = at(0.99)
            max = sorted.last ?? 0
        }
    }

    var placements: Int
    var pages: Int
    var baseline: Latency
    var gateOnly: Latency
    var verdict: Latency
    var accepted: Int
    var ratioP50: Double { baseline.p50 > 0 ? verdict.p50 / baseline.p50 : 0 }

    enum CodingKeys: String, CodingKey { case placements, pages, baseline, gateOnly, verdict, accepted, ratioP50 }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(placements, forKey: .placements)
        try container.encode(pages, forKey: .pages)
        try container.encode(baseline, forKey: .baseline)
        try container.encode(gateOnly, forKey: .gateOnly)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(ratioP50, forKey: .ratioP50)
    }

    func printTable() {
        func row(_ name: String, _ latency: Latency) {
            print(name.padding(toLength: 52, withPad: " ", startingAt: 0)
                + [latency.p50, latency.p99, latency.max].map { String(format: "%9.0f", $0) }.joined())
        }
        print("tag placements per mode: \(placements); data area: \(pages) pages (NTAG213, PN532 emulator on a pty)")
        print("latency in microseconds                                   p50      p99      max")
        row("baseline: libnfc select + READ of the same pages", baseline)
        row("stage: Gate.accept(TagReading) alone (audited)", gateOnly)
        row("tag placed -> verdict (audited), through the gate", verdict)
        print(String(format: "ratio p50 verdict / baseline: %.2f   accepted: %d/%d", ratioP50, accepted, placements))
    }
}
