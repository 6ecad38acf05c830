import Daemon
import Foundation
import PrintingTestSupport
import Testing

@Suite("Kiosk page in headless Chromium", .timeLimit(.minutes(2)))
struct KioskPageTests {
    @Test func showsTheLastVerdictGreenOrRedWithItsReasonLive() async throws {
        let port = LoopbackPort.free()
        let fixture = try await DaemonFixture(tcpPort: port)
        let daemon = try await RunningDaemon(fixture)
        let base = "http://127.0.0.1:\(port)"
        let printBody = try JSONSerialization.data(withJSONObject: fixture.printBody)
        let printed = try await onThread {
            try DaemonConnection(address: base, timeoutSeconds: 30).request(
                "POST", "/v1/print", token: DaemonFixture.tokens[.printStation], json: printBody)
        }
        #expect(printed.status == 200)
        let labels = try #require(try JSONSerialization.jsonObject(with: printed.body) as? [[String: Any]])
        let payload = try #require(labels.first?["payload"] as? String)
        let tampered = String(payload.dropLast()) + (payload.hasSuffix("A") ? "B" : "A")
        let artifacts = DaemonFixture.repositoryRoot.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let shots = artifacts.appendingPathComponent("kiosk").path

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "timeout", "90", "python3",
            DaemonFixture.repositoryRoot.appendingPathComponent("scripts/kiosk/kiosk_check.py").path,
            base, "dock-1", DaemonFixture.tokens[.kiosk]!, DaemonFixture.tokens[.dock]!, payload, tampered, shots,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let (status, text) = try await onThread { () -> (Int32, String) in
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(status == 0, "\(text)")
        #expect(FileManager.default.fileExists(atPath: shots + "-accepted.png"))
        #expect(FileManager.default.fileExists(atPath: shots + "-refused.png"))
        try await daemon.stopAndWait()
    }
}
