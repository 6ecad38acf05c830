import Daemon
import Foundation
import Scanners
import Testing

/// READY=1 waits for the scanner dock's first enumeration: the scanners present at start are open (and listed in
/// /v1/devices) before systemd is told the daemon is ready.
@Suite("Readiness waits for the devices", .timeLimit(.minutes(1)))
struct DeviceReadinessTests {
    static let wedge = USBDeviceIdentity(vendorID: 0x05F9, productID: 0x2206, serial: "DL-1", port: "1-4")
    static let bootKeyboard = HIDInterface(number: 0, subclass: 1, interfaceProtocol: 1)

    @Test func readyIsSentOnlyAfterTheFirstEnumerationAndListsTheScannersPresentAtStart() async throws {
        let fixture = try await DaemonFixture(usb: true, scanners: (dock: [#"{ vendor = "05f9", product = "2206" }"#], bed: []))
        let systemd = try FakeSystemd(path: fixture.dir.appendingPathComponent("notify").path)
        let transport = ManualScannerTransport()
        let built = try LabelgateDaemon.build(
            configuration: fixture.configuration, store: fixture.ledger, logger: DaemonFixture.logger,
            environment: ["NOTIFY_SOCKET": systemd.path], signals: [], scannerTransport: transport)
        let group = built.group
        let running = Task { try await group.run() }
        defer { Task { await group.triggerGracefulShutdown() } }
        await transport.waitUntilStarted()
        // The ledger and the API come up; the devices do not until the dock has enumerated what is present.
        let deadline = ContinuousClock.now + .seconds(20)
        while !built.core.readiness.up.isSuperset(of: [.ledger, .steps, .recovery, .api])
            && ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(built.core.readiness.up == [.ledger, .steps, .recovery, .api])
        try await Task.sleep(for: .seconds(1))
        #expect(!built.core.readiness.isReady, "ready before the first enumeration")
        #expect(built.core.devices.all.filter { $0.kind == "scanner" }.isEmpty)

        // The scanner present at start is opened, then the enumeration ends: READY, with the scanner listed.
        let profile = transport.plug(Self.wedge, interfaces: [(Self.bootKeyboard, .unreadable("boot keyboard"))])
        #expect(profile?.station.id == "dock-1")
        transport.enumerated()
        let ready = try #require(try await onThread { systemd.next() })
        #expect(ready.hasPrefix("READY=1"))
        let scanner = built.core.devices.device(kind: "scanner", id: Self.wedge.deviceID)
        #expect(scanner?.state == "attached")
        #expect(scanner?.station == "dock-1")

        try await shutDown(group, running: running)
    }
}

/// On SIGTERM the devices are released before the event streams end: a watcher sees every scanner leave.
@Suite("Shutdown departures reach watchers", .timeLimit(.minutes(1)))
struct ShutdownDepartureTests {
    @Test func aWatcherSeesTheScannerDepartAtShutdownBeforeItsStreamEnds() async throws {
        let fixture = try await DaemonFixture(usb: true, scanners: (dock: [#"{ vendor = "05f9", product = "2206" }"#], bed: []))
        let transport = ManualScannerTransport()
        let built = try LabelgateDaemon.build(
            configuration: fixture.configuration, store: fixture.ledger, logger: DaemonFixture.logger,
            environment: [:], signals: [], scannerTransport: transport)
        let group = built.group
        let running = Task { try await group.run() }
        await transport.waitUntilStarted()
        _ = transport.plug(
            DeviceReadinessTests.wedge, interfaces: [(DeviceReadinessTests.bootKeyboard, .unreadable("boot keyboard"))])
        transport.enumerated()
        let deadline = ContinuousClock.now + .seconds(20)
        while !built.core.readiness.isReady && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(built.core.readiness.isReady)

        let socket = fixture.configuration.daemon.socket
        let watcher = Task { try await onThread { () -> [[String: String]] in
            var events: [[String: String]] = []
            _ = try DaemonConnection(address: socket, timeoutSeconds: 30).events(token: DaemonFixture.tokens[.kiosk]) { data in
                let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
                events.append(object.compactMapValues { $0 as? String })
                return true  // read until the daemon ends the stream
            }
            return events
        } }
        while built.core.bus.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
        await group.triggerGracefulShutdown()
        let events = try await watcher.value
        let departure = events.first { $0["type"] == "deviceDeparted" && $0["device"] == DeviceReadinessTests.wedge.deviceID }
        #expect(departure?["state"] == "detached", "\(events)")
        #expect(departure?["message"] == "shutdown", "\(events)")
        try await shutDown(group, running: running)
    }
}
