import Daemon

/// The TOML configuration.
enum ConfigHarness {
    /// Any text is a configuration or a typed `DaemonError`; an accepted one satisfies the checks `validate()`
    /// promises (ranges, unique stations, known printers, 64-hex-digit token hashes).
    static func toml(_ data: [UInt8]) throws(FuzzFailure) {
        guard let configuration = try? DaemonConfiguration(toml: String(decoding: data, as: UTF8.self)) else { return }
        let daemon = configuration.daemon
        try check((1...16 * 1024 * 1024).contains(daemon.maxBodyBytes), "max_body_bytes \(daemon.maxBodyBytes)")
        try check((1...100_000).contains(daemon.eventBuffer), "event_buffer \(daemon.eventBuffer)")
        try check((1...3600).contains(daemon.printerPollSeconds), "printer_poll_seconds \(daemon.printerPollSeconds)")
        try check(Set(configuration.stations.map(\.id)).count == configuration.stations.count, "a station twice")
        for station in configuration.stations {
            if let printer = station.printer {
                try check(configuration.printers.contains { $0.name == printer }, "unknown printer \(printer)")
            }
        }
        for token in configuration.tokens {
            try check(token.sha256.utf8.count == 64, "a token hash of \(token.sha256.utf8.count) characters")
        }
    }
}
