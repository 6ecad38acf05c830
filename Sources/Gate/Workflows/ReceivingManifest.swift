import Foundation
import LabelgateCore
import Ledger
import Logging
import Synchronization

/// What a dock was told a shipment holds, and what has been received against it.
public struct ShipmentStatus: Sendable, Hashable, Codable {
    /// Shipment identifier (courier reference).
    public var shipment: String
    /// The dock station.
    public var station: String
    /// DINs expected (13 characters).
    public var expected: [String]
    /// Expected DINs received so far.
    public var received: [String]
    /// DINs accepted by the gate that the manifest does not list.
    public var unexpected: [String]
    /// Expected DINs not (yet) received.
    public var missing: [String] { expected.filter { !received.contains($0) } }
    /// Whether the shipment is closed.
    public var closed: Bool
}

/// How a scan at a dock stands against its open manifest.
public enum ManifestFlag: String, Sendable, Hashable, Codable {
    /// The bag is on the manifest.
    case expected
    /// The bag was already received in this shipment.
    case duplicate
    /// The bag is not on the manifest: flagged.
    case unexpected
    /// The gate refused the label; the manifest is unchanged.
    case refused
}

/// Receiving with a manifest: a dock is told which bags a shipment holds; a bag that is not expected, or a shipment
/// closed with bags missing, is flagged in the audit trail (`manifest.unexpectedBag`, `manifest.closedIncomplete`).
public actor ReceivingManifests {
    private let store: any LedgerStore
    private let logger: Logger
    private var open: [String: ShipmentStatus] = [:]
    /// The stations with a shipment open, readable without entering the actor: a verdict at a station without one
    /// (every scan at a bedside or print station, most at docks) is noted without a hop.
    private let stationsWithShipment = Mutex<Set<String>>([])

    /// Creates the manifest book over `store`.
    public init(store: any LedgerStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Opens a shipment at a dock with the DINs it should hold.
    public func open(shipment: String, station: String, expectedDINs: [String], by actor: Actor) async throws(WorkflowError)
        -> ShipmentStatus
    {
        guard !shipment.isEmpty, open[station] == nil else {
            throw WorkflowError(.shipment, "a shipment is already open at \(station); close it first")
        }
        let expected = Array(Set(expectedDINs.map { String($0.prefix(13)) })).sorted()
        try await audit("manifest.opened", shipment: shipment, station: station, by: actor,
            details: ["expected": String(expected.count)])
        let status = ShipmentStatus(
            shipment: shipment, station: station, expected: expected, received: [], unexpected: [], closed: false)
        open[station] = status
        stationsWithShipment.withLock { _ = $0.insert(station) }
        return status
    }

    /// The shipment open at `station`, if any.
    public func current(at station: String) -> ShipmentStatus? { open[station] }

    /// Notes a verdict from `station` against its open manifest; nil when no manifest is open there.
    public nonisolated func note(_ verdict: Verdict, by actor: Actor) async -> ManifestFlag? {
        guard stationsWithShipment.withLock({ $0.contains(verdict.station) }) else { return nil }
        return await noteOnManifest(verdict, by: actor)
    }

    private func noteOnManifest(_ verdict: Verdict, by actor: Actor) async -> ManifestFlag? {
        guard var status = open[verdict.station] else { return nil }
        guard verdict.isAccepted, let din = verdict.din else { return .refused }
        let flag: ManifestFlag
        if status.received.contains(din) || status.unexpected.contains(din) {
            flag = .duplicate
        } else if status.expected.contains(din) {
            status.received.append(din)
            flag = .expected
        } else {
            status.unexpected.append(din)
            flag = .unexpected
            try? await audit(
                "manifest.unexpectedBag", shipment: status.shipment, station: status.station, by: actor,
                details: ["din": din, "serial": verdict.serial ?? ""])
            logger.warning("unexpected bag in shipment", metadata: ["station": "\(status.station)"])
        }
        open[verdict.station] = status
        return flag
    }

    /// Closes the shipment at `station`; flags it when bags are missing or unexpected ones arrived.
    public func close(at station: String, by actor: Actor) async throws(WorkflowError) -> ShipmentStatus {
        guard var status = open[station] else { throw WorkflowError(.shipment, "no shipment is open at \(station)") }
        status.closed = true
        let complete = status.missing.isEmpty && status.unexpected.isEmpty
        try await audit(
            complete ? "manifest.closed" : "manifest.closedIncomplete", shipment: status.shipment, station: station,
            by: actor,
            details: [
                "received": String(status.received.count), "missing": status.missing.joined(separator: ","),
                "unexpected": status.unexpected.joined(separator: ","),
            ])
        open[station] = nil
        stationsWithShipment.withLock { _ = $0.remove(station) }
        return status
    }

    private func audit(
        _ action: String, shipment: String, station: String, by actor: Actor, details: [String: String]
    ) async throws(WorkflowError) {
        var details = details
        details["station"] = station
        do {
            _ = try await store.appendAudit(AuditEntry(actor: actor, action: action, subject: shipment, details: details))
        } catch {
            throw WorkflowError(.ledger, "the manifest could not be recorded: \(error.code)")
        }
    }
}
