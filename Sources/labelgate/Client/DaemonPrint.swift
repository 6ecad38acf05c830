import Daemon
import Foundation

/// `labelgate print --daemon …`: the same print, asked of the daemon (which prints through its gate).
enum DaemonPrint {
    static func run(_ command: PrintCommand, daemon: DaemonOptions, station: String) throws {
        var fingerprint = command.fingerprint
        if fingerprint == nil {
            let reply = try daemon.call("GET", "/v1/records/\(command.record)")
            let record = (try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]) ?? [:]
            fingerprint = record["fingerprint"] as? String
        }
        var body: [String: Any] = [
            "station": station, "record": command.record, "fingerprint": fingerprint ?? "",
            "profile": command.profile.rawValue, "template": command.template, "copies": command.copies,
            "flags": command.flags,
        ]
        if let din = command.din { body["din"] = din }
        if let batch = command.batch { body["batch"] = batch }
        if let op = command.global.operatorID { body["operator"] = op }
        let data = try JSONSerialization.data(withJSONObject: body)
        let reply = try daemon.call("POST", "/v1/print", body: data)
        if command.global.json {
            print(String(decoding: reply.body, as: UTF8.self))
            return
        }
        let labels = (try? JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]]) ?? []
        for label in labels { print("\(label["serial"] ?? "")  \(label["state"] ?? "")  \(label["location"] ?? "")") }
        if reply.status != 200 { throw CLIExit.failure.exitCode }
    }
}
