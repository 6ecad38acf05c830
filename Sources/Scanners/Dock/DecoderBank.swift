import Gate
import LabelgateCore

/// What the dock's consumer task receives from the transport side, in order.
enum DockInput: Sendable {
    /// Publish as is.
    case event(ScannerEvent)
    /// A complete scan to take to the gate at `station`.
    case scan(deviceID: String, scan: Scan, station: Station)
}

/// One decoder per attached device, fed by the transport's events.
final class DecoderBank: @unchecked Sendable {
    // Confined: `handle` is only called by the transport, which calls its handler serially.
    private var devices: [String: (station: Station, decoder: AnyScanDecoder)] = [:]
    private let emit: @Sendable (DockInput) -> Void

    init(emit: @escaping @Sendable (DockInput) -> Void) {
        self.emit = emit
    }

    func handle(_ event: TransportEvent) {
        switch event {
        case .attached(let profile):
            devices[profile.deviceID] = (profile.station, profile.decoder.makeDecoder())
            emit(.event(.attached(profile)))
            for warning in profile.warnings { emit(.event(.error(deviceID: profile.deviceID, error: warning))) }
        case .report(let id, let bytes, let time):
            guard let outputs = devices[id]?.decoder.decode(bytes, at: time) else { return }
            route(outputs, from: id)
        case .detached(let id, let reason):
            if let outputs = devices[id]?.decoder.end(reason == .shutdown ? .shutdown : .unplugged) {
                route(outputs, from: id)
            }
            devices[id] = nil
            emit(.event(.detached(deviceID: id, reason: reason)))
        case .ignored(let id, let reason):
            emit(.event(.ignored(deviceID: id, reason: reason)))
        case .error(let id, let error):
            emit(.event(.error(deviceID: id, error: error)))
        case .enumerated:
            emit(.event(.enumerated(attached: devices.count)))
        case .tick(let time):
            for id in devices.keys {
                guard let outputs = devices[id]?.decoder.tick(at: time), !outputs.isEmpty else { continue }
                route(outputs, from: id)
            }
        }
    }

    private func route(_ outputs: [DecoderOutput], from id: String) {
        guard let station = devices[id]?.station else { return }
        for output in outputs {
            switch output {
            case .scan(let decoded): emit(.scan(deviceID: id, scan: decoded.scan(deviceID: id), station: station))
            case .error(let error): emit(.event(.error(deviceID: id, error: error)))
            }
        }
    }
}
