import LabelgateCore

/// Why a scanner, a report or a scan could not be used. Reasons never contain scan data.
public struct ScannerError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: StableErrorCode {
        /// The dotted code.
        public let rawValue: String
        /// A report had the wrong length, an impossible byte count or an unknown layout: the scan is discarded.
        public static let malformedReport = Code(rawValue: "scanner.malformedReport")
        /// The keyboard reported ErrorRollOver (too many keys): keystrokes may be lost, so the scan is discarded.
        public static let rollOver = Code(rawValue: "scanner.rollOver")
        /// The scan is longer than the decoder's limit: discarded whole, never split.
        public static let tooLong = Code(rawValue: "scanner.tooLong")
        /// The scan never ended (no suffix after an idle gap, or a promised continuation report never came).
        public static let incomplete = Code(rawValue: "scanner.incomplete")
        /// The scanner was unplugged while a scan was arriving.
        public static let unpluggedMidScan = Code(rawValue: "scanner.unpluggedMidScan")
        /// The dock stopped while a scan was arriving.
        public static let stoppedMidScan = Code(rawValue: "scanner.stoppedMidScan")
        /// A key or Alt code that this layout cannot turn into a character.
        public static let unsupportedKey = Code(rawValue: "scanner.unsupportedKey")
        /// The reports of one multi-report scan disagree (a different symbology identifier mid-scan).
        public static let inconsistentReports = Code(rawValue: "scanner.inconsistentReports")
        /// The HID report descriptor cannot be parsed or does not describe a usable scanner layout.
        public static let descriptorInvalid = Code(rawValue: "scanner.descriptorInvalid")
        /// The HID report descriptor could not be read and the catalog knows no layout for this device.
        public static let descriptorUnreadable = Code(rawValue: "scanner.descriptorUnreadable")
        /// Two attached scanners report the same serial number.
        public static let duplicateSerial = Code(rawValue: "scanner.duplicateSerial")
        /// Another driver or program holds the interface.
        public static let busy = Code(rawValue: "scanner.busy")
        /// No permission on the device node (see udev/).
        public static let access = Code(rawValue: "scanner.access")
        /// This libusb cannot report hotplug events.
        public static let hotplugUnsupported = Code(rawValue: "scanner.hotplugUnsupported")
        /// Any other libusb failure (with the libusb error name in the reason).
        public static let usb = Code(rawValue: "scanner.usb")
        /// A scanner no binding assigns to a station: reported (`deviceIgnored`), never read, its scans reach no gate.
        public static let unassigned = Code(rawValue: "scanner.unassigned")
        /// The configuration or catalog is not valid.
        public static let configuration = Code(rawValue: "scanner.configuration")
    }

    /// The stable code.
    public let code: Code
    /// Words a person understands; never scan bytes or patient data.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
