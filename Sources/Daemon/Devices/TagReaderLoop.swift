import Gate
import LabelgateCore
import Logging
import Tags

/// A dock or bedside reader at work: each tag placed on it is read and decided by the gate (`TagStation`, i.e.
/// `Gate.accept(TagReading)`, audited), the verdict goes on the event stream, and the loop waits for the tag to leave
/// before it reads again (one placement, one verdict). A reader that goes away is reported once (`detached`, the
/// fault audited by the tag station) and probed without the gate until it is back (`attached`).
struct TagReaderLoop {
    let core: DaemonCore
    let reader: TagReaders.Reader
    let logger: Logger
    /// Pause between two probes of a missing reader.
    var retryInterval: Duration = .milliseconds(500)

    func run() async {
        let station = TagStation(session: reader.session, gate: core.gate, station: reader.station.station)
        var available = core.devices.device(kind: "reader", id: reader.connstring)?.state == "attached"
        while !Task.isCancelled {
            guard available else {
                try? await Task.sleep(for: retryInterval)
                if Task.isCancelled { return }
                available = await TagReaders.probe(reader, core: core)
                if available { logger.info("NFC reader back", metadata: ["reader": "\(reader.connstring)"]) }
                continue
            }
            switch await station.acceptNext(timeout: .seconds(1)) {
            case .success(let verdict):
                _ = await core.publish(verdict, latency: nil, device: reader.connstring, scanLength: nil)
                available = await waitForRemoval()
            case .failure(let error) where error.code == .noTag:
                continue
            case .failure(let error) where error.code == .aborted || error.code == .closed:
                return
            case .failure(let error) where error.code == .readerUnavailable:
                logger.warning("NFC reader lost", metadata: ["reader": "\(reader.connstring)"])
                markDetached()
                available = false
            case .failure(let error):
                // Removed mid-read and the like: audited by the tag station; no verdict, the tag must be read again.
                core.bus.publish(
                    DaemonEvent(
                        type: .scan, station: reader.station.id, device: reader.connstring, state: error.code.rawValue,
                        message: "the tag could not be read; place it again"))
            }
        }
    }

    /// Waits until the field is empty; false when the reader went away meanwhile. Polls by selecting (identify, no
    /// data read, no gate) rather than libnfc's presence check, which a reader may leave unanswered and
    /// `nfc_abort_command` does not always interrupt.
    private func waitForRemoval() async -> Bool {
        while !Task.isCancelled {
            do {
                _ = try await reader.session.identifyTag(timeout: .milliseconds(100))
            } catch let error as TagError {
                switch error.code {
                case .noTag, .aborted, .closed: return true
                case .readerUnavailable:
                    markDetached()
                    return false
                default: break  // it left mid-identify: the next select sees an empty field
                }
            } catch {
                return true
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return true
    }

    private func markDetached() {
        core.devices.update(
            kind: "reader", id: reader.connstring, station: reader.station.id, state: "detached",
            detail: TagError.Code.readerUnavailable.rawValue)
    }
}
