import Foundation
import FuzzHarnesses
import Scanners
import Testing

/// Replays every harness's committed corpus (fuzz/corpus/<harness>) and every crash input ever found
/// (fuzz/regressions/<harness>) through the same harness functions the fuzz driver runs: a regression, a trap or an
/// oracle that no longer holds fails the normal `swift test`.
@Suite("Fuzz corpus and regression replay")
struct FuzzReplayTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("fuzz")
    }()

    /// The files of fuzz/<kind>/<harness>, sorted (none if the folder is missing).
    static func inputs(_ kind: String, _ harness: FuzzHarness) -> [URL] {
        let folder = root.appendingPathComponent(kind).appendingPathComponent(harness.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    static func replay(_ files: [URL], through harness: FuzzHarness) throws -> Int {
        var replayed = 0
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            do {
                try harness.run(bytes)
            } catch {
                Issue.record("\(harness.rawValue) \(file.lastPathComponent): \(error)")
            }
            replayed += 1
        }
        return replayed
    }

    @Test(arguments: FuzzHarness.allCases)
    func corpusReplaysCleanly(_ harness: FuzzHarness) throws {
        let files = Self.inputs("corpus", harness)
        // An empty or missing folder would pass silently: every harness has a committed, minimised corpus.
        try #require(files.count >= 3, "fuzz/corpus/\(harness.rawValue) holds \(files.count) inputs")
        #expect(try Self.replay(files, through: harness) == files.count)
    }

    @Test(arguments: FuzzHarness.allCases)
    func regressionsStayFixed(_ harness: FuzzHarness) throws {
        let files = Self.inputs("regressions", harness)
        #expect(try Self.replay(files, through: harness) == files.count)
    }

    @Test func regressionsAreReplayed() throws {
        // Every input in fuzz/regressions is under a harness's name (a misnamed folder would never be replayed), and
        // the crashes the campaign found are there.
        let folder = Self.root.appendingPathComponent("regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
        let known = Set(FuzzHarness.allCases.map(\.rawValue))
        #expect(names.allSatisfy { known.contains($0) || $0 == "README.md" }, "\(names)")
        let total = FuzzHarness.allCases.map { Self.inputs("regressions", $0).count }.reduce(0, +)
        #expect(total >= 1, "fuzz/regressions holds no input")
    }

    @Test func theWedgeRoundTripCanTypeEveryPrintableASCIICharacter() {
        // The key map is found by asking the decoder; if it came out empty the round trip would check nothing.
        let counts = HarnessSelfCheck.wedgeKeyCounts()
        for layout in ["us", "de", "fr"] { #expect(counts[layout, default: 0] >= 90, "\(layout): \(counts)") }
        let ascii = String(decoding: (0x21...0x7E).map { UInt8($0) }, as: UTF8.self)
        #expect(HarnessSelfCheck.wedgeTypes(ascii, layout: .us))
        #expect(HarnessSelfCheck.wedgeTypes("=A99992600000101=<S1234100&/CHA999926AB12CD", layout: .de))
        #expect(HarnessSelfCheck.wedgeTypes("0109506000134352", layout: .fr))
    }

    @Test func everyHarnessHasItsFolders() {
        for harness in FuzzHarness.allCases {
            let corpus = Self.root.appendingPathComponent("corpus/\(harness.rawValue)")
            #expect(FileManager.default.fileExists(atPath: corpus.path), "\(corpus.path)")
        }
    }
}
