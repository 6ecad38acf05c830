import Foundation
import Testing

/// Each fixture's recording (a umockdev ioctl tree) replayed by `umockdev-run` to the real libusb, read by the
/// real `labelgate dock`: the scans must come out byte-exact, as in the pure replay.
@Suite("umockdev: fixture recordings through libusb", .serialized, .enabled(if: Umockdev.enabled))
struct StaticReplayTests {
    @Test(.timeLimit(.minutes(1)), arguments: USBFixture.all)
    func recordingReplaysThroughLibusbIntoTheDock(_ fixture: USBFixture) throws {
        try Umockdev.check()
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: store) }
        // The wedge fixtures name their keyboard layout; the HID POS ones name their byte layout instead.
        let layout = fixture.expected.mode == .keyboardWedge ? fixture.expected.settings.layout ?? "us" : "us"
        let config = try Umockdev.configuration(
            """
            {"station": {"id": "dock-1", "role": "receivingDock"},
             "devices": [{"vendorID": "\(fixture.expected.vendorID)", "wedge": {"layout": "\(layout)"}}]}
            """)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let expected = fixture.expected.scans
        let result = try Umockdev.execute(
            [
                Umockdev.run, "-d", fixture.folder.appendingPathComponent("device").path,
                "-i", "/dev/bus/usb/001/005=" + fixture.folder.appendingPathComponent("capture.ioctl").path, "--",
                Umockdev.labelgate.path, "dock", "--store", store.path, "--config", config, "--json", "--show-scans",
                "--stop-after-scans", String(expected.count), "--stop-after-seconds", "30",
            ], limit: 45)
        let events = result.events
        #expect(result.status == 0, "\(result.stderr)")
        #expect(events.of("attached").count == 1, "\(result.stdout)\(result.stderr)")
        // The ioctl replay wraps around at its end, so more scans may follow; the first ones are the recording's.
        let scanned = Array(events.of("scanned").prefix(expected.count))
        #expect(scanned.map { $0["hex"] ?? "" } == expected.map(\.hex))
        #expect(scanned.map { $0["aim"] } == expected.map(\.aim))
        // Stopping may interrupt the wrapped-around replay mid-scan; nothing else may go wrong.
        let errors = events.of("error").filter { $0["code"] != "scanner.stoppedMidScan" }
        #expect(errors.isEmpty, "\(errors)")
    }
}
