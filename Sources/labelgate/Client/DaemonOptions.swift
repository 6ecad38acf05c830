import ArgumentParser
import Daemon
import Foundation

/// How the CLI reaches the daemon.
struct DaemonOptions: ParsableArguments {
    @Option(
        name: .customLong("daemon"),
        help: "The daemon's API: its Unix socket path or http://host:port (default: $LABELGATE_DAEMON or /run/labelgated/api.sock).")
    var address: String?

    @Option(help: "Bearer token (default: $LABELGATE_TOKEN).")
    var token: String?

    var resolvedAddress: String {
        address ?? ProcessInfo.processInfo.environment["LABELGATE_DAEMON"] ?? "/run/labelgated/api.sock"
    }

    var resolvedToken: String? { token ?? ProcessInfo.processInfo.environment["LABELGATE_TOKEN"] }

    /// A connection, or a CLI error saying why not.
    func connect() throws -> DaemonConnection {
        do {
            return try DaemonConnection(address: resolvedAddress)
        } catch {
            throw CLIError("\(error.code): \(error.reason)")
        }
    }

    /// Sends a request; a non-2xx reply becomes an error with the daemon's code (exit 3 when refused).
    func call(_ method: String, _ path: String, body: Data? = nil) throws -> DaemonConnection.Reply {
        let connection = try connect()
        let reply: DaemonConnection.Reply
        do {
            reply = try connection.request(method, path, token: resolvedToken, json: body)
        } catch {
            throw CLIError("\(error.code): \(error.reason)")
        }
        guard (200..<300).contains(reply.status) else {
            Output.error("daemon: HTTP \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
            throw reply.status == 422 ? CLIExit.refused.exitCode : CLIExit.failure.exitCode
        }
        return reply
    }
}

/// `labelgate status`: the daemon's state (JSON).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Ask the daemon for its state: ready components, stations, last verdicts.")
    @OptionGroup var daemon: DaemonOptions

    func run() throws {
        let reply = try daemon.call("GET", "/v1/status")
        print(String(decoding: reply.body, as: UTF8.self))
    }
}

/// `labelgate devices`: scanners, readers and printers the daemon sees.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices", abstract: "List the daemon's scanners, readers and printers with their state.")
    @OptionGroup var daemon: DaemonOptions
    @Flag(help: "Print the JSON array.") var json = false

    func run() throws {
        let reply = try daemon.call("GET", "/v1/devices")
        if json {
            print(String(decoding: reply.body, as: UTF8.self))
            return
        }
        let devices = (try? JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]]) ?? []
        for device in devices {
            let station = device["station"] as? String ?? "-"
            print("\(device["kind"] ?? "")  \(device["id"] ?? "")  \(station)  \(device["state"] ?? "")")
        }
    }
}

/// `labelgate watch`: the daemon's live event stream.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow the daemon's events: scans, verdicts, devices, printer state.",
        discussion: "With --json, one event per line, exactly as the daemon sent it.")
    @OptionGroup var daemon: DaemonOptions
    @Flag(help: "One JSON object per line.") var json = false
    @Option(help: "Only events of this type (verdict, scan, printed, deviceArrived…).") var type: String?
    @Option(help: "Stop after this many events.") var count: Int?

    func run() throws {
        let connection = try daemon.connect()
        var seen = 0
        let wanted = type
        let limit = count
        let status: Int
        do {
            status = try connection.events(token: daemon.resolvedToken) { data in
                let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
                if let wanted, object?["type"] as? String != wanted { return true }
                // Written straight to the file descriptor: one complete line per event, never held in a buffer.
                let line = json ? String(decoding: data, as: UTF8.self) : Self.describe(object ?? [:])
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
                seen += 1
                return limit.map { seen < $0 } ?? true
            }
        } catch {
            throw CLIError("\(error.code): \(error.reason)")
        }
        guard status == 200 else {
            Output.error("daemon: HTTP \(status)")
            throw CLIExit.failure.exitCode
        }
    }

    static func describe(_ event: [String: Any]) -> String {
        let type = event["type"] as? String ?? "?"
        let station = event["station"] as? String ?? "-"
        if let verdict = event["verdict"] as? [String: Any] {
            let outcome = (verdict["outcome"] as? String ?? "").uppercased()
            return "\(type)  \(station)  \(outcome)  \(verdict["message"] ?? "")  \(verdict["serial"] ?? "")"
        }
        let parts = [event["device"], event["state"], event["message"]].compactMap { $0 as? String }
        return "\(type)  \(station)  " + parts.joined(separator: "  ")
    }
}

/// `labelgate scan`: submit a scan at a station through the daemon (its gate decides and audits).
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Submit a scan at a station through the daemon; prints the audited verdict.",
        discussion: "Exit codes: 0 accepted, 3 refused, 1 the daemon could not be asked.")
    @OptionGroup var daemon: DaemonOptions
    @Option(help: "Station ID.") var station: String
    @Option(help: "AIM identifier sent apart from the data (e.g. ]d1).") var aim: String?
    @Flag(help: "Print the JSON response.") var json = false
    @Argument(help: "The scanned text.") var text: String

    func run() throws {
        var body = ["text": text]
        if let aim { body["aim"] = aim }
        let reply = try daemon.call("POST", "/v1/stations/\(station)/scans", body: try JSONSerialization.data(withJSONObject: body))
        let object = (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]) ?? [:]
        let verdict = object["verdict"] as? [String: Any] ?? [:]
        if json {
            print(String(decoding: reply.body, as: UTF8.self))
        } else {
            let outcome = (verdict["outcome"] as? String ?? "?").uppercased()
            print("\(outcome)  \(verdict["message"] ?? "")  \(verdict["serial"] ?? "")")
        }
        if verdict["outcome"] as? String != "accepted" { throw CLIExit.refused.exitCode }
    }
}
