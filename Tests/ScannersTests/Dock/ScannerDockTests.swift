import Foundation
import Gate
import LabelgateCore
import Scanners
import Testing

@Suite("Receiving dock accept path (in process)")
struct ScannerDockTests {
    static let dock = Station(id: "dock-1", role: .receivingDock)
    static let pos = ScannerProfile(
        identity: USBDeviceIdentity(vendorID: 0x0C2E, productID: 0x0B87, serial: "A", port: "1-3"),
        interfaceNumber: 0, mode: .hidPOS, model: "test", decoder: .hidPOS(.honeywell, HIDPOSSettings()),
        station: dock)
    static let wedge = ScannerProfile(
        identity: USBDeviceIdentity(vendorID: 0x05E0, productID: 0x1200, serial: "B", port: "1-4"),
        interfaceNumber: 0, mode: .keyboardWedge, model: "test", decoder: .keyboardWedge(WedgeSettings()),
        station: Station(id: "bedside-1", role: .bedside))

    /// Runs a dock over `fixture`'s gate with a code-driven transport; `drive` plugs and scans, then the dock stops
    /// and every event is returned.
    static func run(
        _ fixture: LedgerFixture, configuration: DockConfiguration = DockConfiguration(station: dock),
        _ drive: (ManualScannerTransport) async throws -> Void
    ) async throws -> [ScannerEvent] {
        let transport = ManualScannerTransport()
        let dock = ScannerDock(
            gate: fixture.gate, configuration: configuration, transport: transport, logger: LedgerFixture.quiet)
        let events = dock.events()
        let collector = Task { await events.reduce(into: [ScannerEvent]()) { $0.append($1) } }
        let running = Task { try await dock.run() }
        await transport.waitUntilStarted()
        try await drive(transport)
        dock.stop()
        try await running.value
        return await collector.value
    }

    static func verdicts(_ events: [ScannerEvent]) -> [(String, Verdict)] {
        events.compactMap { if case .verdict(let id, let verdict) = $0 { return (id, verdict) } else { return nil } }
    }

    @Test func aLabelgatePayloadScannedIsAcceptedAndAOneCharacterForgeryIsRefused() async throws {
        let fixture = try await LedgerFixture()
        let gs1 = try await fixture.printedPayload(.gs1)
        let isbt = try await fixture.printedPayload(.isbt)
        let events = try await Self.run(fixture) { transport in
            transport.attach(Self.pos)
            for report in POSReports.honeywell(gs1.bytes, aim: gs1.aimIdentifier) {
                transport.deliver(report, from: Self.pos.deviceID)
            }
            for report in POSReports.honeywell(gs1.forged(at: 30), aim: gs1.aimIdentifier) {
                transport.deliver(report, from: Self.pos.deviceID)
            }
            transport.attach(Self.wedge)
            for report in Key.type(isbt.aimIdentifier + String(decoding: isbt.bytes, as: UTF8.self)) + Key.enter {
                transport.deliver(report, from: Self.wedge.deviceID)
            }
        }
        let verdicts = Self.verdicts(events)
        #expect(verdicts.map(\.1.outcome) == [.accepted, .refused, .accepted])
        #expect(verdicts.map(\.1.station) == ["dock-1", "dock-1", "bedside-1"])
        #expect(verdicts.allSatisfy { $0.1.auditSequence != nil })
        #expect(verdicts[1].1.reason != nil)
    }

    @Test func eventsArriveInOrderAndDetachmentsEndThem() async throws {
        let fixture = try await LedgerFixture()
        let events = try await Self.run(fixture) { transport in
            transport.attach(Self.pos)
            for report in POSReports.honeywell(Array("0950600013435".utf8), aim: "]E0") {
                transport.deliver(report, from: Self.pos.deviceID)
            }
            transport.unplug(Self.pos.deviceID)
        }
        let kinds = events.map { event -> String in
            switch event {
            case .attached: return "attached"
            case .scanned: return "scanned"
            case .verdict(_, let verdict): return "verdict \(verdict.reason?.rawValue ?? "accepted")"
            case .detached(_, let reason): return "detached \(reason.rawValue)"
            case .ignored: return "ignored"
            case .enumerated: return "enumerated"
            case .error(_, let error): return error.code.rawValue
            }
        }
        #expect(kinds == ["attached", "scanned", "verdict insufficientData", "detached unplugged"])
    }

    @Test func unpluggingMidScanDeliversNoScanAndATypedError() async throws {
        let fixture = try await LedgerFixture()
        let gs1 = try await fixture.printedPayload(.gs1)
        let events = try await Self.run(fixture) { transport in
            transport.attach(Self.pos)
            transport.deliver(POSReports.honeywell(gs1.bytes, aim: gs1.aimIdentifier)[0], from: Self.pos.deviceID)
            transport.unplug(Self.pos.deviceID)
        }
        #expect(Self.verdicts(events).isEmpty)
        #expect(events.contains(.error(deviceID: Self.pos.deviceID, error: ScannerError(.unpluggedMidScan, ""))))
    }

    @Test func idleGapsAreMeasuredOnTransportTicks() async throws {
        let fixture = try await LedgerFixture()
        let start = ContinuousClock.now
        let events = try await Self.run(fixture) { transport in
            transport.attach(Self.wedge)
            for (n, report) in Key.type("abc").enumerated() {
                transport.deliver(report, from: Self.wedge.deviceID, at: start + .milliseconds(n))
            }
            transport.tick(at: start + .milliseconds(1500))
        }
        #expect(events.contains(.error(deviceID: Self.wedge.deviceID, error: ScannerError(.incomplete, ""))))
        #expect(Self.verdicts(events).isEmpty)
    }

    @Test func scansCompletedBeforeStopAreStillDecidedExactlyOnce() async throws {
        let fixture = try await LedgerFixture()
        let gs1 = try await fixture.printedPayload(.gs1)
        let events = try await Self.run(fixture) { transport in
            transport.attach(Self.pos)
            for _ in 0..<20 {
                for report in POSReports.honeywell(gs1.bytes, aim: gs1.aimIdentifier) {
                    transport.deliver(report, from: Self.pos.deviceID)
                }
            }
        }
        #expect(Self.verdicts(events).count == 20)
        #expect(Self.verdicts(events).allSatisfy { $0.1.isAccepted })
        #expect(events.last == .detached(deviceID: Self.pos.deviceID, reason: .shutdown))
    }

    @Test func aPluggedDeviceIsMatchedByTheCatalogAndDuplicateSerialsAreReported() async throws {
        let fixture = try await LedgerFixture()
        let keyboard = HIDInterface(number: 0, subclass: 1, interfaceProtocol: 1)
        let events = try await Self.run(fixture) { transport in
            transport.plug(
                USBDeviceIdentity(vendorID: 0x05E0, productID: 0x1200, serial: "SAME", port: "1-3"),
                interfaces: [(keyboard, .unreadable(""))])
            transport.plug(
                USBDeviceIdentity(vendorID: 0x05E0, productID: 0x1200, serial: "SAME", port: "1-4"),
                interfaces: [(keyboard, .unreadable(""))])
            transport.plug(
                USBDeviceIdentity(vendorID: 0x046D, productID: 0xC31C, port: "1-5"),
                interfaces: [(keyboard, .unreadable(""))])
        }
        let attached = events.compactMap { if case .attached(let p) = $0 { return p.deviceID } else { return nil } }
        #expect(attached == ["05e0:1200@1-3", "05e0:1200@1-4"])
        #expect(events.contains(.error(deviceID: "05e0:1200@1-4", error: ScannerError(.duplicateSerial, ""))))
        #expect(events.contains { if case .ignored("046d:c31c@1-5", _) = $0 { return true } else { return false } })
    }
}
