import Foundation
import Synchronization

/// One device as the daemon sees it: scanners, NFC readers and printers, with their station and state.
public struct DeviceStatus: Sendable, Codable, Hashable {
    /// `scanner`, `reader` or `printer`.
    public var kind: String
    /// Device ID (USB `bus-port`, reader connstring, printer name).
    public var id: String
    /// The station it serves.
    public var station: String?
    /// `attached`, `detached`, `configured`, `ready`, `failed`, `ignored` (a scanner no station binds)…
    public var state: String
    /// Last change, or why it failed (no patient data).
    public var detail: String?
    /// When the state last changed.
    public var since: Date
}

/// The daemon's view of its devices, updated from the scanner dock and the printers.
public final class DeviceRegistry: Sendable {
    private let devices = Mutex<[String: DeviceStatus]>([:])
    private let bus: EventBus

    /// Creates a registry publishing changes on `bus`.
    public init(bus: EventBus) {
        self.bus = bus
    }

    /// Every device, by kind then ID.
    public var all: [DeviceStatus] {
        devices.withLock { Array($0.values) }.sorted { ($0.kind, $0.id) < ($1.kind, $1.id) }
    }

    /// The device with this key (`kind:id`).
    public func device(kind: String, id: String) -> DeviceStatus? {
        devices.withLock { $0["\(kind):\(id)"] }
    }

    /// Records a state; publishes an arrival, departure or printer-state event when it changed.
    public func update(kind: String, id: String, station: String?, state: String, detail: String? = nil) {
        let key = "\(kind):\(id)"
        let changed = devices.withLock { devices -> Bool in
            let previous = devices[key]
            devices[key] = DeviceStatus(
                kind: kind, id: id, station: station ?? previous?.station, state: state, detail: detail, since: Date())
            return previous?.state != state || previous?.detail != detail
        }
        guard changed else { return }
        let type: DaemonEvent.Kind
        if kind == "printer" {
            type = .printerState
        } else if state == "ignored" {
            type = .deviceIgnored
        } else {
            type = state == "attached" || state == "configured" ? .deviceArrived : .deviceDeparted
        }
        bus.publish(DaemonEvent(type: type, station: station, device: id, state: state, message: detail))
    }
}
