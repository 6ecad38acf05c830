import Foundation
import Scanners
import Testing

/// The repository, found from this file's path (tests read fixtures/ and scripts/ from it).
enum Repository {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    static func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}

/// One fixtures/usb/<vendor-model-mode>/ folder: the device, its recording, and the scans it must decode to.
struct USBFixture: CustomTestStringConvertible, Sendable {
    struct Expected: Decodable, Sendable {
        struct ExpectedScan: Decodable, Sendable {
            var aim: String?
            var hex: String
        }

        struct Settings: Decodable, Sendable {
            var layout: String?
        }

        var vendorID: String
        var productID: String
        var serial: String
        var mode: ScannerMode
        var settings: Settings
        var reports: Int
        var scans: [ExpectedScan]
    }

    let name: String
    let folder: URL
    let expected: Expected

    var testDescription: String { name }

    static let all: [USBFixture] = {
        let root = Repository.path("fixtures/usb")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let folder = root.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: folder.appendingPathComponent("expected.json")),
                let expected = try? JSONDecoder().decode(Expected.self, from: data)
            else { return nil }
            return USBFixture(name: name, folder: folder, expected: expected)
        }
    }()

    /// Interrupt-IN data of every REAPURB line of the umockdev ioctl tree, in order.
    func recordedReports() throws -> [[UInt8]] {
        let text = try String(contentsOf: folder.appendingPathComponent("capture.ioctl"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> [UInt8]? in
            let parts = line.split(separator: " ")
            guard parts.count >= 10, parts[0].hasPrefix("USBDEVFS_REAPURB"), parts[2] == "1",
                let endpoint = Int(parts[3]), endpoint & 0x80 != 0, let length = Int(parts[7])
            else { return nil }
            return Array(hexBytes(String(parts[9])).prefix(length))
        }
    }

    func reportDescriptor() -> [UInt8]? {
        let url = folder.appendingPathComponent("report-descriptor.hex")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return hexBytes(text)
    }

    var vendorID: UInt16 { UInt16(expected.vendorID, radix: 16) ?? 0 }
    var productID: UInt16 { UInt16(expected.productID, radix: 16) ?? 0 }

    var expectedScans: [DecodedScan] {
        expected.scans.map { DecodedScan(aimIdentifier: $0.aim, bytes: hexBytes($0.hex)) }
    }
}

func hexBytes(_ text: String) -> [UInt8] {
    let clean = Array(text.filter(\.isHexDigit))
    return stride(from: 0, to: clean.count - 1, by: 2).compactMap { UInt8(String(clean[$0...$0 + 1]), radix: 16) }
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}
