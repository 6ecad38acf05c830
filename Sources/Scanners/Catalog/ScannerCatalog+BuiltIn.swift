extension ScannerCatalog {
    /// The scanners labelgate knows out of the box (IDs and evidence: docs/scanners.md).
    public static let builtIn = ScannerCatalog(entries: [
        ScannerCatalogEntry(
            vendorID: 0x05E0, vendor: "Symbol Technologies (Zebra)",
            models: "LS2208, DS2208 and other Symbol/Zebra scanners in HID keyboard mode", mode: .keyboardWedge,
            productIDs: [0x1200], source: "usb.ids 05e0:1200 Bar Code Scanner"),
        ScannerCatalogEntry(
            vendorID: 0x0C2E, vendor: "Metrologic Instruments (Honeywell)",
            models: "MS7120 and Honeywell scanners in USB keyboard mode", mode: .keyboardWedge,
            productIDs: [0x0204], source: "usb.ids 0c2e:0204 Metrologic MS7120 keyboard"),
        ScannerCatalogEntry(
            vendorID: 0x0C2E, vendor: "Metrologic Instruments (Honeywell)",
            models: "Voyager 1400g and other Honeywell scanners in HID POS mode", mode: .hidPOS, layout: .honeywell,
            productIDs: [0x0B87, 0x0B8F],
            source: "device reports: qz-tray #288 (0b87, usage page 0x8C beside 0xFF8C), WebHidBarcodeScanner (0b8f)"),
        ScannerCatalogEntry(
            vendorID: 0x05F9, vendor: "PSC Scanning (Datalogic)",
            models: "Gryphon series in keyboard-emulation mode", mode: .keyboardWedge,
            productIDs: [0x2206], source: "usb.ids 05f9:2206 Gryphon series (keyboard emulation)"),
        ScannerCatalogEntry(
            vendorID: 0x1EAB, vendor: "Newland",
            models: "HR100, HR3260, HR3290, HR22, EM3080, FR20, FM30 in HID keyboard mode", mode: .keyboardWedge,
            productIDs: [0x0C03, 0x8203, 0x1A03], source: "usb.ids 1eab: product = family base + 03 (HID keyboard)"),
        ScannerCatalogEntry(
            vendorID: 0x1EAB, vendor: "Newland",
            models: "HR100, HR3260, HR3290, HR22, EM3080, FR20, FM30 in HID POS mode", mode: .hidPOS, layout: .newland,
            productIDs: [0x0C10, 0x8210, 0x1A10], source: "usb.ids 1eab: product = family base + 10 (HID POS)"),
        ScannerCatalogEntry(
            vendorID: 0x065A, vendor: "Optoelectronics (Opticon)",
            models: "OPR-2001, NLV-1001 in keyboard mode", mode: .keyboardWedge,
            productIDs: [0x0001], source: "usb.ids 065a:0001"),
        ScannerCatalogEntry(
            vendorID: 0x067E, vendor: "Intermec",
            models: "SG20 in HID POS mode (layout read from its report descriptor)", mode: .hidPOS,
            layout: .descriptor, productIDs: [0x0809],
            source: "device report: learning-rust-usb-hid-barcode-scanner-server (067e:0809)"),
    ])
}
