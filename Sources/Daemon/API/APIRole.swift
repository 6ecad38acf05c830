/// What an API token may do.
public enum APIRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// A print station: print and reprint labels, sign its critical steps.
    case printStation
    /// A receiving dock or bedside terminal: submit scans, manifests, bedside matches, sign critical steps.
    case dock
    /// A kiosk screen: read status, devices and the event stream.
    case kiosk
    /// Everything, including metrics.
    case admin
}
