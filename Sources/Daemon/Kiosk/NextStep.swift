import Gate
import LabelgateCore

/// What a station's screen says comes next, in words.
enum NextStep {
    static func describe(
        _ station: DaemonConfiguration.StationSettings, last: Verdict?, shipment: ShipmentStatus?
    ) -> String {
        switch station.role {
        case .printStation:
            return "Print the bag label, then scan it to check the print."
        case .receivingDock:
            if let shipment, !shipment.closed {
                let missing = shipment.missing.count
                return missing == 0
                    ? "All \(shipment.expected.count) bags of shipment \(shipment.shipment) received: close the shipment."
                    : "Scan the next bag of shipment \(shipment.shipment): \(missing) of \(shipment.expected.count) still expected."
            }
            if let last, !last.isAccepted { return "Set the refused bag aside and call the supervisor; scan the next bag." }
            return "Scan the label of the next bag received."
        case .bedside:
            if let last, last.isAccepted {
                return "Scan the patient's wristband; two operators sign the bedside match."
            }
            return "Scan the bag label, then the patient's wristband."
        case .verification:
            return "Scan a label to verify it."
        }
    }
}
