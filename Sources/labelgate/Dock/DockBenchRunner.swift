import Foundation
import Gate
import LabelgateCore
import Logging
import Scanners

/// The timed loops of `labelgate bench-dock`: one scan at a time, as a person scans.
struct DockBenchRunner {
    let gate: Gate
    let station: Station
    let logger: Logger

    func baseline(_ scans: [Scan]) async throws -> DockBenchReport.Latency {
        let clock = ContinuousClock()
        var samples: [Double] = []
        var accepted = 0
        for scan in scans {
            let start = clock.now
            if await gate.accept(scan, at: station).isAccepted { accepted += 1 }
            samples.append((clock.now - start).microseconds)
        }
        return DockBenchReport.Latency(samples, accepted: accepted)
    }

    /// The read-path decision alone (no audit row): what the gate costs before the durable commit.
    func decisionOnly(_ scans: [Scan]) async -> DockBenchReport.Latency {
        let clock = ContinuousClock()
        var samples: [Double] = []
        var accepted = 0
        for scan in scans {
            let start = clock.now
            if await gate.evaluateScan(scan, at: station).isAccepted { accepted += 1 }
            samples.append((clock.now - start).microseconds)
        }
        return DockBenchReport.Latency(samples, accepted: accepted)
    }

    /// The decoders alone: the last report of each scan → the decoded scan.
    static func decodeOnly(_ scans: [Scan], mode: ScannerMode) -> DockBenchReport.Latency {
        let clock = ContinuousClock()
        var decoder: AnyScanDecoder =
            mode == .hidPOS
            ? .pos(HIDPOSDecoder(layout: .honeywell)) : .wedge(KeyboardWedgeDecoder())
        var samples: [Double] = []
        var decoded = 0
        for scan in scans {
            let reports =
                mode == .hidPOS
                ? BenchReports.honeywell(scan.bytes, aim: scan.aimIdentifier ?? "]X0")
                : BenchReports.wedgeUS(Array((scan.aimIdentifier ?? "").utf8) + scan.bytes)
            let last = reports.count - (mode == .hidPOS ? 1 : 2)
            for report in reports[..<last] { _ = decoder.decode(report, at: clock.now) }
            let start = clock.now
            let out = decoder.decode(reports[last], at: start)
            samples.append((clock.now - start).microseconds)
            if case .scan? = out.first { decoded += 1 }
            for report in reports[(last + 1)...] { _ = decoder.decode(report, at: clock.now) }
        }
        return DockBenchReport.Latency(samples, accepted: decoded)
    }

    func throughDock(_ scans: [Scan], mode: ScannerMode) async throws -> DockBenchReport.Latency {
        let transport = ManualScannerTransport()
        let dock = ScannerDock(
            gate: gate, configuration: DockConfiguration(station: station), transport: transport, logger: logger)
        var events = dock.events().makeAsyncIterator()
        let running = Task { try await dock.run() }
        await transport.waitUntilStarted()
        let identity = USBDeviceIdentity(vendorID: mode == .hidPOS ? 0x0C2E : 0x05E0, productID: 0x0001, port: "9-1")
        let decoder: DecoderChoice =
            mode == .hidPOS
            ? .hidPOS(.honeywell, HIDPOSSettings()) : .keyboardWedge(WedgeSettings())
        let profile = ScannerProfile(
            identity: identity, interfaceNumber: 0, mode: mode, model: "bench", decoder: decoder, station: station)
        transport.attach(profile)
        let clock = ContinuousClock()
        var samples: [Double] = []
        var accepted = 0
        for scan in scans {
            let reports =
                mode == .hidPOS
                ? BenchReports.honeywell(scan.bytes, aim: scan.aimIdentifier ?? "]X0")
                : BenchReports.wedgeUS(Array((scan.aimIdentifier ?? "").utf8) + scan.bytes)
            let last = reports.count - (mode == .hidPOS ? 1 : 2)  // the wedge's Enter, before its release
            for report in reports[..<last] { transport.deliver(report, from: profile.deviceID) }
            let start = clock.now
            transport.deliver(reports[last], from: profile.deviceID)
            while let event = await events.next() {
                if case .verdict(_, let verdict) = event {
                    samples.append((clock.now - start).microseconds)
                    if verdict.isAccepted { accepted += 1 }
                    break
                }
                if case .error(_, let error) = event { throw CLIError("bench scan failed: \(error)") }
            }
            for report in reports[(last + 1)...] { transport.deliver(report, from: profile.deviceID) }
        }
        dock.stop()
        try await running.value
        return DockBenchReport.Latency(samples, accepted: accepted)
    }
}

/// Scanner reports for the benchmark (the fixtures and the emulator use scripts/usb/hidreports.py instead).
enum BenchReports {
    static func honeywell(_ data: [UInt8], aim: String) -> [[UInt8]] {
        let chunks = stride(from: 0, to: max(data.count, 1), by: 56).map { Array(data[$0..<min($0 + 56, data.count)]) }
        return chunks.enumerated().map { index, chunk in
            var report = [UInt8](repeating: 0, count: 64)
            report[0] = 0x02
            report[1] = UInt8(chunk.count)
            report.replaceSubrange(2..<5, with: Array(aim.utf8.prefix(3)))
            report.replaceSubrange(5..<5 + chunk.count, with: chunk)
            report[63] = index < chunks.count - 1 ? 1 : 0
            return report
        }
    }

    /// US layout, a key-down and a release per character, GS as Ctrl+], Enter suffix.
    static func wedgeUS(_ data: [UInt8]) -> [[UInt8]] {
        var reports: [[UInt8]] = []
        func press(_ modifiers: UInt8, _ usage: UInt8) {
            reports.append([modifiers, 0, usage, 0, 0, 0, 0, 0])
            reports.append([0, 0, 0, 0, 0, 0, 0, 0])
        }
        let shifted: [UInt8: UInt8] = [
            UInt8(ascii: "<"): 0x36, UInt8(ascii: "&"): 0x24, UInt8(ascii: "+"): 0x2E, UInt8(ascii: "?"): 0x38,
        ]
        let plain: [UInt8: UInt8] = [
            UInt8(ascii: "="): 0x2E, UInt8(ascii: "/"): 0x38, UInt8(ascii: "]"): 0x30, UInt8(ascii: "-"): 0x2D,
            UInt8(ascii: "0"): 0x27, UInt8(ascii: "."): 0x37,
        ]
        for byte in data {
            switch byte {
            case 0x1D: press(0x01, 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): press(0, byte - UInt8(ascii: "a") + 0x04)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): press(0x02, byte - UInt8(ascii: "A") + 0x04)
            case UInt8(ascii: "1")...UInt8(ascii: "9"): press(0, byte - UInt8(ascii: "1") + 0x1E)
            default:
                if let usage = plain[byte] { press(0, usage) } else if let usage = shifted[byte] { press(0x02, usage) }
            }
        }
        press(0, 0x28)
        return reports
    }
}

extension Duration {
    var microseconds: Double { Double(components.seconds) * 1e6 + Double(components.attoseconds) / 1e12 }
}
