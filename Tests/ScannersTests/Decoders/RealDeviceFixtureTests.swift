import Foundation
import Scanners
import Testing

/// fixtures/usb-real: descriptors and wedge report streams of real devices, copied from public sources (each
/// folder's README names its source). The parser and the decoders must read them as those devices meant.
@Suite("Real devices' bytes")
struct RealDeviceFixtureTests {
    struct DescriptorExpectation: Decodable {
        var parses: Bool
        var applicationUsagePages: [String]?
        var usesReportIDs: Bool?
        var inputReportLength: Int?
        var hidPOS: Bool?
        var error: String?
    }

    struct StreamExpectation: Decodable {
        var layout: String
        var scans: [String]
        var errors: [String]
    }

    static func folders(_ suffix: String) -> [String] {
        let root = Repository.path("fixtures/usb-real").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasSuffix(suffix) }
            .sorted()
    }

    static func read(_ folder: String, _ file: String) throws -> Data {
        try Data(contentsOf: Repository.path("fixtures/usb-real/\(folder)/\(file)"))
    }

    @Test func everyFolderNamesItsPublicSource() throws {
        let all = Self.folders("-descriptor") + Self.folders("").filter { $0.hasPrefix("wedge-") }
        #expect(all.count == 7)
        for folder in all {
            let readme = String(decoding: try Self.read(folder, "README.md"), as: UTF8.self)
            #expect(readme.contains("Source: "), "\(folder)/README.md")
        }
    }

    @Test(arguments: folders("-descriptor"))
    func descriptorParsesAsTheDeviceDeclaresIt(_ folder: String) throws {
        let bytes = hexBytes(String(decoding: try Self.read(folder, "report-descriptor.hex"), as: UTF8.self))
        let json = try Self.read(folder, "expected.json")
        let expected = try JSONDecoder().decode(DescriptorExpectation.self, from: json)
        guard expected.parses else {
            #expect(throws: ScannerError.self) { try ReportDescriptor(parsing: bytes) }
            do { _ = try ReportDescriptor(parsing: bytes) } catch { #expect(error.code.rawValue == expected.error) }
            return
        }
        let descriptor = try ReportDescriptor(parsing: bytes)
        #expect(descriptor.applicationUsagePages.map { String(format: "%04x", $0) } == expected.applicationUsagePages)
        #expect(descriptor.usesReportIDs == expected.usesReportIDs)
        #expect(descriptor.inputReportLength(reportID: nil) == expected.inputReportLength)
        #expect(((try? HIDPOSLayout(descriptor: descriptor)) != nil) == expected.hidPOS)
    }

    @Test(arguments: folders("").filter { $0.hasPrefix("wedge-") })
    func wedgeStreamDecodesToThePublishedBarcode(_ folder: String) throws {
        let text = String(decoding: try Self.read(folder, "reports.hex"), as: UTF8.self)
        let reports = text.split(separator: "\n").map { hexBytes(String($0)) }
        #expect(!reports.isEmpty && reports.allSatisfy { $0.count == 8 })
        let expected = try JSONDecoder().decode(StreamExpectation.self, from: try Self.read(folder, "expected.json"))
        let layout = try #require(KeyboardLayoutID(rawValue: expected.layout))
        var decoder = KeyboardWedgeDecoder(settings: WedgeSettings(layout: layout))
        var now = ContinuousClock.now
        var outputs: [DecoderOutput] = []
        for report in reports {
            now += .milliseconds(2)
            outputs += decoder.decode(report, at: now)
        }
        outputs += decoder.tick(at: now + .seconds(5))
        #expect(outputs.scans.map { String(decoding: $0.bytes, as: UTF8.self) } == expected.scans)
        #expect(outputs.errorCodes.map(\.rawValue) == expected.errors)
    }
}
