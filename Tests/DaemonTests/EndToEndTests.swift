#if canImport(Glibc)
import Glibc
#endif
import Daemon
import Foundation
import Testing

/// The real `labelgated` and `labelgate` binaries, as an operator would run them.
@Suite("End to end: labelgated binary", .timeLimit(.minutes(2)))
struct EndToEndTests {
    static func binary(_ name: String) -> URL {
        for start in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])] {
            var url = start
            while url.path != "/" {
                let probe = url.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: probe.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    return probe
                }
                url.deleteLastPathComponent()
            }
        }
        return DaemonFixture.repositoryRoot.appendingPathComponent(".build/debug/\(name)")
    }

    static func run(_ name: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["30", binary(name).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func printsScansAndStreamsVerdictsThroughTheRealDaemon() async throws {
        let fixture = try await DaemonFixture()
        let configPath = fixture.dir.appendingPathComponent("labelgate.toml").path
        try DaemonFixture.toml(
            dir: fixture.dir, ledger: fixture.configuration.daemon.ledger, tcpPort: nil
        ).write(toFile: configPath, atomically: true, encoding: .utf8)
        let systemd = try FakeSystemd(path: fixture.dir.appendingPathComponent("notify").path)
        let daemon = Process()
        daemon.executableURL = Self.binary("labelgated")
        daemon.arguments = ["--config", configPath]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = systemd.path
        environment["LABELGATE_LOG_LEVEL"] = "warning"
        daemon.environment = environment
        try daemon.run()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        #expect((try await onThread { systemd.next() })?.hasPrefix("READY=1") == true)
        let socket = fixture.configuration.daemon.socket

        // A watcher for the first two verdicts, one JSON object per line.
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        watch.arguments = [
            "30", Self.binary("labelgate").path, "watch", "--json", "--type", "verdict", "--count", "2",
            "--daemon", socket, "--token", DaemonFixture.tokens[.kiosk]!,
        ]
        let watchOutput = Pipe()
        watch.standardOutput = watchOutput
        try watch.run()
        let status = try DaemonConnection(address: socket)
        for _ in 0..<200 {
            let reply = try status.request("GET", "/v1/status", token: DaemonFixture.tokens[.kiosk])
            if (try? reply.decode([String: AnyCodable].self))?["eventClients"]?.int == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        // Print through the daemon with the CLI, then scan the label and a tampered copy at the dock.
        let (printStatus, printed) = try Self.run(
            "labelgate",
            ["print", "--daemon", socket, "--token", DaemonFixture.tokens[.printStation]!, "--record",
             fixture.record.coi.content, "--station", "print-1", "--flags", "01", "--json"])
        #expect(printStatus == 0, "\(printed)")
        let labels = try #require(try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [[String: Any]])
        let payload = try #require(labels.first?["payload"] as? String)
        let serial = try #require(labels.first?["serial"] as? String)
        let tampered = String(payload.dropLast()) + (payload.hasSuffix("A") ? "B" : "A")
        let dock = try DaemonConnection(address: socket)
        for text in [payload, tampered] {
            let reply = try dock.request(
                "POST", "/v1/stations/dock-1/scans", token: DaemonFixture.tokens[.dock],
                json: JSONSerialization.data(withJSONObject: ["text": text]))
            #expect(reply.status == 200)
        }
        let (watchStatus, watched) = try await onThread { () -> (Int32, String) in
            let text = String(decoding: watchOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            watch.waitUntilExit()
            return (watch.terminationStatus, text)
        }
        let lines = watched.split(separator: "\n")
        #expect(watchStatus == 0)
        let outcomes = lines.compactMap { line in
            ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])
                .flatMap { ($0["verdict"] as? [String: Any])?["outcome"] as? String }
        }
        #expect(outcomes == ["accepted", "refused"])

        // A reprint: refused with one operator and with the same operator twice, done with two.
        func reprint(_ badges: [(String, String)]) throws -> DaemonConnection.Reply {
            let body: [String: Any] = [
                "station": "print-1", "serial": serial, "reason": "label smudged", "signatures": badges.map { ["badge": $0.0, "pin": $0.1] },
            ]
            return try dock.request(
                "POST", "/v1/reprints", token: DaemonFixture.tokens[.printStation],
                json: JSONSerialization.data(withJSONObject: body))
        }
        #expect(try reprint([("B1", "1111")]).status == 422)
        #expect(try reprint([("B1", "1111"), ("B1", "1111")]).status == 422)
        #expect(try reprint([("B1", "1111"), ("B2", "2222")]).status == 201)

        // The CLI client's other commands.
        let (devicesStatus, devices) = try Self.run(
            "labelgate", ["devices", "--daemon", socket, "--token", DaemonFixture.tokens[.kiosk]!])
        #expect(devicesStatus == 0 && devices.contains("printer  spool  print-1  ready"))
        let (statusCode, statusText) = try Self.run(
            "labelgate", ["status", "--daemon", socket, "--token", DaemonFixture.tokens[.kiosk]!])
        #expect(statusCode == 0 && statusText.contains("\"ready\":true"))

        // SIGTERM: graceful shutdown, STOPPING=1, exit 0.
        kill(daemon.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(15)
        while daemon.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!daemon.isRunning)
        #expect(daemon.terminationStatus == 0)
        var messages: [String] = []
        while messages.count < 5, let message = try await onThread({ systemd.next() }) {
            messages.append(message)
            if message == "STOPPING=1" { break }
        }
        #expect(messages.contains("STOPPING=1"))
    }
}

/// Enough JSON decoding for a status field.
struct AnyCodable: Decodable {
    var int: Int?
    init(from decoder: any Decoder) throws {
        int = try? decoder.singleValueContainer().decode(Int.self)
    }
}
