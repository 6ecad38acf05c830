import Gate

/// What the dock does with one interface of a device.
public enum MatchDecision: Hashable, Sendable {
    /// Read it.
    case use(ScannerProfile)
    /// Leave it alone (not a scanner, or an unlisted keyboard); the reason is for the event stream.
    case ignore(String)
    /// It looks like a scanner the dock should read, but cannot be: an error event.
    case reject(ScannerError)
}

/// The pure matching rules: catalog plus configuration, applied to a device and one of its HID interfaces.
///
/// The transport asks `isCandidate` before it opens anything (so keyboards it will not read are never detached
/// from their driver), then `decide` for each HID interface once the report descriptor has been read.
public struct DeviceMatcher: Sendable {
    /// The catalog, with the configuration's site entries first.
    public let catalog: ScannerCatalog
    /// The dock's configuration.
    public let configuration: DockConfiguration

    /// Creates a matcher.
    public init(catalog: ScannerCatalog = .builtIn, configuration: DockConfiguration) {
        self.catalog = catalog.adding(configuration.catalog)
        self.configuration = configuration
    }

    /// Whether a device with these IDs and interfaces is worth opening.
    public func isCandidate(vendorID: UInt16, productID: UInt16, port: String, interfaces: [HIDInterface]) -> Bool {
        guard !interfaces.isEmpty else { return false }
        if catalog.knows(vendorID: vendorID) { return true }
        if configuration.mayBind(vendorID: vendorID, productID: productID, port: port) { return true }
        return configuration.acceptUnknownKeyboards && interfaces.contains(where: \.isBootKeyboard)
    }

    /// Decides how to read `interface` of `identity`. `serialsInUse` are the serial numbers of the devices
    /// already attached.
    public func decide(
        _ identity: USBDeviceIdentity, interface: HIDInterface, descriptor: DescriptorRead,
        serialsInUse: Set<String>
    ) -> MatchDecision {
        let binding = configuration.binding(for: identity)
        var decision: MatchDecision
        if interface.isBootKeyboard {
            decision = wedge(identity, interface: interface, binding: binding)
        } else {
            decision = pointOfSale(identity, interface: interface, descriptor: descriptor, binding: binding)
        }
        guard case .use(var profile) = decision, let serial = identity.serial, !serial.isEmpty,
            serialsInUse.contains(serial)
        else { return decision }
        if binding?.serial != nil {
            return .reject(
                ScannerError(
                    .duplicateSerial,
                    "another attached scanner has the same serial number, and the configuration binds by serial; "
                        + "unplug one or bind by port"))
        }
        profile.warnings.append(
            ScannerError(
                .duplicateSerial,
                "another attached scanner has the same serial number; both are read, "
                    + "told apart by their ports"))
        decision = .use(profile)
        return decision
    }

    private func wedge(_ identity: USBDeviceIdentity, interface: HIDInterface, binding: DeviceBinding?)
        -> MatchDecision
    {
        let entry = catalog.entry(vendorID: identity.vendorID, mode: .keyboardWedge)
        if binding?.mode == .hidPOS { return .ignore("a keyboard interface, but its binding expects HID POS") }
        guard entry != nil || binding != nil || configuration.acceptUnknownKeyboards else {
            return .ignore("an unlisted HID keyboard (add it to the catalog or the configuration to read it)")
        }
        guard let station = binding?.station ?? configuration.station else { return Self.unassigned }
        return .use(
            ScannerProfile(
                identity: identity, interfaceNumber: interface.number, mode: .keyboardWedge,
                model: entry.map { "\($0.vendor): \($0.models)" } ?? "unlisted keyboard read as a US-layout wedge",
                decoder: .keyboardWedge(binding?.wedge ?? WedgeSettings()), station: station))
    }

    private func pointOfSale(
        _ identity: USBDeviceIdentity, interface: HIDInterface, descriptor: DescriptorRead, binding: DeviceBinding?
    ) -> MatchDecision {
        let entry = catalog.entry(vendorID: identity.vendorID, mode: .hidPOS)
        guard entry != nil || binding?.mode == .hidPOS else {
            return .ignore("HID interface \(interface.number) is neither a boot keyboard nor a listed HID POS scanner")
        }
        guard let station = binding?.station ?? configuration.station else { return Self.unassigned }
        let layout: HIDPOSLayout
        switch descriptor {
        case .bytes(let bytes):
            let parsed: ReportDescriptor
            do {
                parsed = try ReportDescriptor(parsing: bytes)
            } catch {
                return .reject(error)
            }
            guard parsed.applicationUsagePages.contains(HIDUsage.barCodeScannerPage) else {
                let pages = parsed.applicationUsagePages.map { "0x" + USBID.hex($0) }.joined(separator: ", ")
                return .ignore("HID interface \(interface.number) has usage page(s) \(pages), not 0x008c")
            }
            do {
                layout = try HIDPOSLayout(descriptor: parsed)
            } catch {
                return .reject(error)
            }
        case .unreadable(let reason):
            let fallback = binding?.layout?.fixedLayout ?? entry?.layout?.fixedLayout
            let listed = entry?.productIDs.contains(identity.productID) == true || binding?.mode == .hidPOS
            guard let fallback, listed else {
                return .reject(
                    ScannerError(
                        .descriptorUnreadable,
                        "the report descriptor could not be read (\(reason)) and no layout is known for this product"))
            }
            layout = fallback
        }
        return .use(
            ScannerProfile(
                identity: identity, interfaceNumber: interface.number, mode: .hidPOS,
                model: entry.map { "\($0.vendor): \($0.models)" } ?? "unlisted HID POS scanner",
                decoder: .hidPOS(layout, binding?.hidPOS ?? HIDPOSSettings()), station: station))
    }

    /// A scanner that no binding assigns to a station and the dock has no default station for: never read.
    static let unassigned = MatchDecision.reject(
        ScannerError(.unassigned, "no station is configured for this scanner; its scans are not decided"))
}
