import Foundation
import Gate

/// Which station each scanner serves and how it is set up: the receiving dock's configuration, as data.
///
/// ```json
/// {"station": {"id": "dock-1", "role": "receivingDock"}, "acceptUnknownKeyboards": false,
///  "devices": [{"vendorID": "05f9", "port": "1-4", "station": {"id": "bedside-2", "role": "bedside"},
///               "wedge": {"layout": "de", "termination": "suffix", "suffixTimeoutMilliseconds": 1000}}],
///  "catalog": []}
/// ```
public struct DockConfiguration: Sendable, Codable {
    /// The station of every scanner no binding names; nil: such a scanner is not read (it is reported with
    /// `scanner.unassigned`, and its scans reach no gate).
    public var station: Station?
    /// Read HID keyboards the catalog does not list (as US-layout wedges). Off by default: a dock must not take
    /// over the keyboard someone types on.
    public var acceptUnknownKeyboards: Bool
    /// Per-device settings, the most specific match wins.
    public var devices: [DeviceBinding]
    /// Site catalog entries, consulted before the built-in catalog.
    public var catalog: [ScannerCatalogEntry]

    /// Creates a configuration.
    public init(
        station: Station?, acceptUnknownKeyboards: Bool = false, devices: [DeviceBinding] = [],
        catalog: [ScannerCatalogEntry] = []
    ) {
        self.station = station
        self.acceptUnknownKeyboards = acceptUnknownKeyboards
        self.devices = devices
        self.catalog = catalog
    }

    enum CodingKeys: String, CodingKey {
        case station, acceptUnknownKeyboards, devices, catalog
    }

    /// Decodes a configuration; everything is optional (without a station, unbound scanners are not read).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        station = try container.decodeIfPresent(Station.self, forKey: .station)
        acceptUnknownKeyboards = try container.decodeIfPresent(Bool.self, forKey: .acceptUnknownKeyboards) ?? false
        devices = try container.decodeIfPresent([DeviceBinding].self, forKey: .devices) ?? []
        catalog = try container.decodeIfPresent([ScannerCatalogEntry].self, forKey: .catalog) ?? []
    }

    /// Reads a configuration from JSON.
    public init(json: Data) throws(ScannerError) {
        do {
            self = try JSONDecoder().decode(DockConfiguration.self, from: json)
        } catch {
            throw ScannerError(.configuration, "the dock configuration is not valid: \(error)")
        }
    }

    /// The binding for `identity`: the matching one with the most criteria, or nil.
    public func binding(for identity: USBDeviceIdentity) -> DeviceBinding? {
        devices.filter { $0.matches(identity) }.max { $0.specificity < $1.specificity }
    }

    /// Whether some binding could match a device with these IDs on this port before its serial is known.
    func mayBind(vendorID: UInt16, productID: UInt16, port: String) -> Bool {
        devices.contains { binding in
            (binding.vendorID != nil || binding.productID != nil || binding.port != nil)
                && (binding.vendorID == nil || binding.vendorID == vendorID)
                && (binding.productID == nil || binding.productID == productID)
                && (binding.port == nil || binding.port == port)
        }
    }
}

/// Settings for the scanners that match all of its non-nil criteria.
public struct DeviceBinding: Hashable, Sendable, Codable {
    /// Vendor ID to match.
    public var vendorID: UInt16?
    /// Product ID to match.
    public var productID: UInt16?
    /// Serial number to match (ambiguous when two attached scanners share it: the second is refused).
    public var serial: String?
    /// Port path to match (`1-3`): the way to tell apart scanners without serial numbers.
    public var port: String?
    /// The station these scanners serve.
    public var station: Station?
    /// Forces a mode for a device the catalog does not list.
    public var mode: ScannerMode?
    /// Keyboard-wedge settings (layout, termination, GS key).
    public var wedge: WedgeSettings?
    /// HID POS settings.
    public var hidPOS: HIDPOSSettings?
    /// HID POS layout to fall back on when the descriptor cannot be read (unlisted devices).
    public var layout: HIDPOSLayoutName?

    /// Creates a binding.
    public init(
        vendorID: UInt16? = nil, productID: UInt16? = nil, serial: String? = nil, port: String? = nil,
        station: Station? = nil, mode: ScannerMode? = nil, wedge: WedgeSettings? = nil,
        hidPOS: HIDPOSSettings? = nil, layout: HIDPOSLayoutName? = nil
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.serial = serial
        self.port = port
        self.station = station
        self.mode = mode
        self.wedge = wedge
        self.hidPOS = hidPOS
        self.layout = layout
    }

    /// Whether every criterion the binding names matches `identity`.
    public func matches(_ identity: USBDeviceIdentity) -> Bool {
        (vendorID == nil || vendorID == identity.vendorID) && (productID == nil || productID == identity.productID)
            && (serial == nil || serial == identity.serial) && (port == nil || port == identity.port)
    }

    var specificity: Int {
        [vendorID != nil, productID != nil, serial != nil, port != nil].filter { $0 }.count
    }

    enum CodingKeys: String, CodingKey {
        case vendorID, productID, serial, port, station, mode, wedge, hidPOS, layout
    }

    /// Decodes a binding; IDs are hexadecimal strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vendorID = try container.decodeUSBIDIfPresent(forKey: .vendorID)
        productID = try container.decodeUSBIDIfPresent(forKey: .productID)
        serial = try container.decodeIfPresent(String.self, forKey: .serial)
        port = try container.decodeIfPresent(String.self, forKey: .port)
        station = try container.decodeIfPresent(Station.self, forKey: .station)
        mode = try container.decodeIfPresent(ScannerMode.self, forKey: .mode)
        wedge = try container.decodeIfPresent(WedgeSettings.self, forKey: .wedge)
        hidPOS = try container.decodeIfPresent(HIDPOSSettings.self, forKey: .hidPOS)
        layout = try container.decodeIfPresent(HIDPOSLayoutName.self, forKey: .layout)
    }

    /// Encodes the binding with hexadecimal IDs.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(vendorID.map(USBID.hex), forKey: .vendorID)
        try container.encodeIfPresent(productID.map(USBID.hex), forKey: .productID)
        try container.encodeIfPresent(serial, forKey: .serial)
        try container.encodeIfPresent(port, forKey: .port)
        try container.encodeIfPresent(station, forKey: .station)
        try container.encodeIfPresent(mode, forKey: .mode)
        try container.encodeIfPresent(wedge, forKey: .wedge)
        try container.encodeIfPresent(hidPOS, forKey: .hidPOS)
        try container.encodeIfPresent(layout, forKey: .layout)
    }
}
