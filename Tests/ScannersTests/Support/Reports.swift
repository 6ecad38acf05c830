import Scanners

/// Hand-built reports for decoder tests (the fixtures come from scripts/usb/hidreports.py instead).
enum Key {
    static let release: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]

    static func down(_ modifiers: UInt8 = 0, _ usages: UInt8...) -> [UInt8] {
        var report: [UInt8] = [modifiers, 0] + usages
        report += [UInt8](repeating: 0, count: 8 - report.count)
        return report
    }

    /// US layout: letters, digits and a few symbols, each a key-down and a release.
    static func type(_ text: String) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for scalar in text.unicodeScalars {
            let value = UInt8(scalar.value)
            let stroke: (UInt8, UInt8)
            switch scalar {
            case "a"..."z": stroke = (0, value - 0x61 + 0x04)
            case "A"..."Z": stroke = (0x02, value - 0x41 + 0x04)
            case "1"..."9": stroke = (0, value - 0x31 + 0x1E)
            case "0": stroke = (0, 0x27)
            case "-": stroke = (0, 0x2D)
            case "=": stroke = (0, 0x2E)
            case "]": stroke = (0, 0x30)
            case "<": stroke = (0x02, 0x36)
            case "&": stroke = (0x02, 0x24)
            case "/": stroke = (0, 0x38)
            case "\u{1D}": stroke = (0x01, 0x30)
            default: continue
            }
            out.append(down(stroke.0, stroke.1))
            out.append(release)
        }
        return out
    }

    static let enter = [down(0, 0x28), release]
    static let tab = [down(0, 0x2B), release]
}

enum POSReports {
    static func honeywell(_ data: [UInt8], aim: String = "]d2", chunk: Int = 56) -> [[UInt8]] {
        let pieces = stride(from: 0, to: max(data.count, 1), by: chunk).map {
            Array(data[$0..<min($0 + chunk, data.count)])
        }
        return pieces.enumerated().map { index, piece in
            var report = [UInt8](repeating: 0, count: 64)
            report[0] = 2
            report[1] = UInt8(piece.count)
            report.replaceSubrange(2..<5, with: Array(aim.utf8))
            report.replaceSubrange(5..<5 + piece.count, with: piece)
            report[63] = index < pieces.count - 1 ? 1 : 0
            return report
        }
    }

    static func newland(_ data: [UInt8]) -> [[UInt8]] {
        let pieces = stride(from: 0, to: max(data.count, 1), by: 56).map { Array(data[$0..<min($0 + 56, data.count)]) }
        return pieces.enumerated().map { index, piece in
            var report = [UInt8](repeating: 0, count: 64)
            report[0] = 2
            report[1] = UInt8(piece.count)
            report.replaceSubrange(2..<2 + piece.count, with: piece)
            report[62] = 0x32
            report[63] = index < pieces.count - 1 ? 1 : 0
            return report
        }
    }
}

/// Feeds reports to a decoder, 2 ms apart, and collects what it produces.
struct DecoderDriver<Decoder: ScanDecoder> {
    var decoder: Decoder
    var now = ContinuousClock.now

    init(_ decoder: Decoder) {
        self.decoder = decoder
    }

    mutating func feed(_ reports: [[UInt8]], gap: Duration = .milliseconds(2)) -> [DecoderOutput] {
        var out: [DecoderOutput] = []
        for report in reports {
            now += gap
            out += decoder.decode(report, at: now)
        }
        return out
    }

    mutating func wait(_ duration: Duration) -> [DecoderOutput] {
        now += duration
        return decoder.tick(at: now)
    }
}

extension Array where Element == DecoderOutput {
    var scans: [DecodedScan] {
        compactMap { if case .scan(let scan) = $0 { return scan } else { return nil } }
    }

    var errorCodes: [ScannerError.Code] {
        compactMap { if case .error(let error) = $0 { return error.code } else { return nil } }
    }

    var texts: [String] { scans.map { String(decoding: $0.bytes, as: UTF8.self) } }
}
