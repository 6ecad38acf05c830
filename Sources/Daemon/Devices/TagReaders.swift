import Gate
import LabelgateCore
import Logging
import Tags

/// The stations' NFC readers (`readers = ["pn532_uart:/dev/ttyUSB0"]`), each driven by its own `NFCSession`: libnfc
/// runs on the session's thread, never on the cooperative pool. A reader at a dock or bedside accepts tags through
/// `Gate.accept(TagReading)` (`TagReaderLoop`); a reader at a print station writes tags, through `Gate.print`, for
/// templates that say `"tag": true`.
final class TagReaders: Sendable {
    /// One configured reader.
    struct Reader: Sendable {
        /// libnfc connstring; also the reader's device ID.
        let connstring: String
        /// The station it serves.
        let station: DaemonConfiguration.StationSettings
        /// Its session.
        let session: NFCSession
    }

    /// Every reader, in configuration order.
    let readers: [Reader]

    /// Creates a session per configured reader (each reader is opened on first use).
    init(configuration: DaemonConfiguration, logger: Logger) {
        var readers: [Reader] = []
        for station in configuration.stations {
            for connstring in station.readers {
                let session = NFCSession(configuration: NFCConfiguration(connstring: connstring), logger: logger)
                readers.append(Reader(connstring: connstring, station: station, session: session))
            }
        }
        self.readers = readers
    }

    /// The tag writer of a print station (its first reader), if it has one.
    func encoder(forStation id: String) -> (any TagEncoding)? {
        readers.first { $0.station.id == id && $0.station.role == .printStation }.map { TagEncoder(session: $0.session) }
    }

    /// Readers that accept tags (docks and bedsides).
    var accepting: [Reader] { readers.filter { $0.station.role != .printStation } }

    /// Closes every session (stops their threads).
    func close() {
        for reader in readers { reader.session.close() }
    }

    /// Tries a reader without the gate: opens it and polls briefly. Updates the registry (`attached`, or `detached`
    /// with the `tags.*` code) and returns whether the reader answered.
    @discardableResult
    static func probe(_ reader: Reader, core: DaemonCore) async -> Bool {
        let available: Bool
        do {
            _ = try await reader.session.identifyTag(timeout: .milliseconds(50))
            available = true
        } catch let error as TagError {
            available = error.code != .readerUnavailable && error.code != .closed
        } catch {
            available = false
        }
        core.devices.update(
            kind: "reader", id: reader.connstring, station: reader.station.id, state: available ? "attached" : "detached",
            detail: available ? nil : TagError.Code.readerUnavailable.rawValue)
        return available
    }
}
