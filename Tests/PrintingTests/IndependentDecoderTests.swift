import Foundation
import Gate
import LabelgateCore
import Printing
import Testing

/// Every rendered label is also decoded by programs nobody here wrote, from the spooled PNG:
/// libdmtx's `dmtxread` for the Data Matrix and zxing-cpp's `ZXingReader` for the Code 128 symbols.
@Suite struct IndependentDecoderTests {
    @Test(arguments: [LabelProfile.isbt, .gs1])
    func spooledPNGDecodesWithDmtxreadAndZXingReader(profile: LabelProfile) async throws {
        let fixture = try await PrintFixture()
        let label = try #require(
            try await fixture.gate.print(
                fixture.request(profile: profile), renderer: fixture.renderer(), printer: fixture.printer,
                by: PrintFixture.operatorA
            ).first)
        let png = fixture.spool.appendingPathComponent("\(label.serial.text).png").path
        // dmtxread -G 29 prints FNC1 as GS; a GS1 symbol's leading FNC1 then shows as a leading GS.
        let dmtx = try runTool("dmtxread", ["-G", "29", "-N", "1", png])
        #expect(dmtx.status == 0)
        let decoded = dmtx.output.first == 0x1D ? Array(dmtx.output.dropFirst()) : dmtx.output
        #expect(decoded == label.payload.bytes)
        let zxing = try runTool("ZXingReader", ["-fast", png])
        let text = String(decoding: zxing.output, as: UTF8.self)
        #expect(text.contains("=A99992600000101"))
        #expect(text.contains("=<S1234100"))
    }

    @Test func zplGraphicDecompressesToTheSameDots() async throws {
        let fixture = try await PrintFixture()
        let label = try #require(
            try await fixture.gate.print(
                fixture.request(profile: .isbt), renderer: fixture.renderer(), printer: fixture.printer,
                by: PrintFixture.operatorA
            ).first)
        let zpl = try String(contentsOf: fixture.spool.appendingPathComponent("\(label.serial.text).zpl"), encoding: .utf8)
        let rendered = try fixture.renderer().render(
            RenderJob(
                claim: claimFor(label, fixture), payload: label.payload, template: "bag", collectionDate: fixture.record.collectionDate,
                collectionFacility: fixture.record.collectionFacility))
        let bits = try ACSDecoder.decode(zpl)
        #expect(bits.bytesPerRow == rendered.image.bytesPerRow)
        #expect(bits.bits == rendered.image.bits)
    }

    func claimFor(_ label: PrintedLabel, _ fixture: PrintFixture) throws -> LabelClaim {
        try ScanParser().parse(Scan(bytes: label.payload.bytes, aimIdentifier: label.payload.aimIdentifier)).label
    }
}

/// An independent reading of ZPL `^GFA` ASCII compression (written from the ZPL manual, not from ZPLGraphic).
enum ACSDecoder {
    struct Decoded {
        var bytesPerRow: Int
        var bits: [UInt8]
    }

    static func decode(_ zpl: String) throws -> Decoded {
        guard let gf = zpl.range(of: "^GFA,") else { throw ACSError.noGraphic }
        let fields = zpl[gf.upperBound...].split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count == 4, let total = Int(fields[0]), let perRow = Int(fields[2]) else { throw ACSError.badHeader }
        let data = fields[3].prefix { $0 != "^" }
        var rows: [[Character]] = []
        var row: [Character] = []
        var count = 0
        func finishRow(fill: Character?) {
            if let fill { while row.count < perRow * 2 { row.append(fill) } }
            rows.append(row)
            row = []
        }
        for ch in data {
            switch ch {
            case "G"..."Y": count += Int(ch.asciiValue! - Character("G").asciiValue!) + 1
            case "g"..."z": count += (Int(ch.asciiValue! - Character("g").asciiValue!) + 1) * 20
            case ",": finishRow(fill: "0")
            case "!": finishRow(fill: "F")
            case ":": if let last = rows.last { rows.append(last) }
            default:
                row.append(contentsOf: repeatElement(ch, count: max(1, count)))
                count = 0
                if row.count >= perRow * 2 { finishRow(fill: nil) }
            }
        }
        let hex = rows.flatMap { $0 }
        var bits: [UInt8] = []
        var index = 0
        while index + 1 < hex.count {
            bits.append(UInt8(String(hex[index...index + 1]), radix: 16) ?? 0)
            index += 2
        }
        guard bits.count == total else { throw ACSError.wrongSize(bits.count, total) }
        return Decoded(bytesPerRow: perRow, bits: bits)
    }

    enum ACSError: Error {
        case noGraphic, badHeader
        case wrongSize(Int, Int)
    }
}
