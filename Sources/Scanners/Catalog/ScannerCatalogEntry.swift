/// How a scanner's interface presents scans.
public enum ScannerMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// A HID boot keyboard (interface class 3, subclass 1, protocol 1) that types the scan.
    case keyboardWedge
    /// A HID Point of Sale bar code scanner (usage page 0x8C) that reports the scan with its symbology.
    case hidPOS
}

/// Which byte layout a HID POS scanner uses.
public enum HIDPOSLayoutName: String, Hashable, Sendable, Codable, CaseIterable {
    /// `HIDPOSLayout.honeywell`.
    case honeywell
    /// `HIDPOSLayout.newland`.
    case newland
    /// Only what the report descriptor says (no fallback when it cannot be read).
    case descriptor

    /// The fixed layout, if this name has one.
    public var fixedLayout: HIDPOSLayout? {
        switch self {
        case .honeywell: return .honeywell
        case .newland: return .newland
        case .descriptor: return nil
        }
    }
}

/// One line of the device catalog: a vendor's scanners in one interface mode, and how to read them.
///
/// Matching is on the vendor ID plus the interface (boot keyboard, or usage page 0x8C), because vendors change the
/// product ID when a scanner is reprogrammed to another mode. The product IDs listed are the known ones: they are
/// documentation, and the fallback that identifies a HID POS interface when its report descriptor cannot be read.
public struct ScannerCatalogEntry: Hashable, Sendable, Codable {
    /// USB vendor ID.
    public var vendorID: UInt16
    /// Vendor name as usb.ids spells it.
    public var vendor: String
    /// Models known to use this mode.
    public var models: String
    /// The interface mode.
    public var mode: ScannerMode
    /// For `hidPOS`: the byte layout used when the report descriptor cannot be read.
    public var layout: HIDPOSLayoutName?
    /// Known product IDs in this mode.
    public var productIDs: [UInt16]
    /// Where the IDs come from.
    public var source: String

    /// Creates an entry.
    public init(
        vendorID: UInt16, vendor: String, models: String, mode: ScannerMode, layout: HIDPOSLayoutName? = nil,
        productIDs: [UInt16], source: String
    ) {
        self.vendorID = vendorID
        self.vendor = vendor
        self.models = models
        self.mode = mode
        self.layout = layout
        self.productIDs = productIDs
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case vendorID, vendor, models, mode, layout, productIDs, source
    }

    /// Decodes an entry; IDs are hexadecimal strings (`"0c2e"`), as usb.ids writes them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vendorID = try container.decodeUSBID(forKey: .vendorID)
        vendor = try container.decode(String.self, forKey: .vendor)
        models = try container.decodeIfPresent(String.self, forKey: .models) ?? ""
        mode = try container.decode(ScannerMode.self, forKey: .mode)
        layout = try container.decodeIfPresent(HIDPOSLayoutName.self, forKey: .layout)
        productIDs = try (container.decodeIfPresent([String].self, forKey: .productIDs) ?? []).map { text in
            guard let id = USBID.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .productIDs, in: container, debugDescription: "\(text) is not a hexadecimal product ID")
            }
            return id
        }
        source = try container.decodeIfPresent(String.self, forKey: .source) ?? "site configuration"
    }

    /// Encodes the entry with hexadecimal IDs.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(USBID.hex(vendorID), forKey: .vendorID)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(models, forKey: .models)
        try container.encode(mode, forKey: .mode)
        try container.encodeIfPresent(layout, forKey: .layout)
        try container.encode(productIDs.map(USBID.hex), forKey: .productIDs)
        try container.encode(source, forKey: .source)
    }
}

extension KeyedDecodingContainer {
    func decodeUSBID(forKey key: Key) throws -> UInt16 {
        let text = try decode(String.self, forKey: key)
        guard let id = USBID.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "\(text) is not a four-digit hexadecimal USB ID")
        }
        return id
    }

    func decodeUSBIDIfPresent(forKey key: Key) throws -> UInt16? {
        try contains(key) ? decodeUSBID(forKey: key) : nil
    }
}
