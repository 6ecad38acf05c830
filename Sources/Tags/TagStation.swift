import Gate
import LabelgateCore
import Ledger
import Logging

/// The accept path for tags at one station: read the tag in the field → `Gate.accept` → `Verdict`.
///
/// A tag that cannot be read (removed mid-read, reader gone) is audited as a tag fault and reported as a typed
/// `TagError`; a tag whose bytes are broken reaches the gate and is refused there, with the parser's code, audited.
public struct TagStation: Sendable {
    /// The reader.
    public let session: NFCSession
    /// The gate.
    public let gate: Gate
    /// The station the reader belongs to.
    public let station: Station

    /// Creates the station.
    public init(session: NFCSession, gate: Gate, station: Station) {
        self.session = session
        self.gate = gate
        self.station = station
    }

    /// Waits up to `timeout` for a tag, reads it and asks the gate.
    public func acceptNext(timeout: Duration) async -> Result<Verdict, TagError> {
        let reading: TagReading
        do {
            reading = try await session.readTag(timeout: timeout)
        } catch {
            let tagError = error as? TagError ?? TagError(.readerUnavailable, "\(error)")
            if tagError.code != .noTag {
                await gate.auditTagFault(code: tagError.code.rawValue, reason: tagError.reason, at: station)
            }
            return .failure(tagError)
        }
        return .success(await gate.accept(reading, at: station))
    }
}

/// The print station's tag writer, as the gate asks for it (`TagEncoding`).
public struct TagEncoder: TagEncoding {
    /// The reader/writer.
    public let session: NFCSession
    /// How long to wait for a tag to be placed.
    public let timeout: Duration

    /// Creates the encoder.
    public init(session: NFCSession, timeout: Duration = .seconds(5)) {
        self.session = session
        self.timeout = timeout
    }

    public func identify() async throws -> TagReading {
        try await session.identifyTag(timeout: timeout)
    }

    public func write(_ plan: TagWritePlan) async throws -> TagReading {
        try await session.write(
            TagWriteRequest(
                uid: plan.uid, dataArea: plan.dataArea, password: plan.password,
                passwordAcknowledge: plan.passwordAcknowledge))
    }
}
