/// How one keyboard-wedge scanner is set up: its layout, how a scan ends, and how it sends GS.
public struct WedgeSettings: Hashable, Sendable, Codable {
    /// How the end of a scan is recognised.
    public enum Termination: String, Hashable, Sendable, Codable {
        /// Enter (or keypad Enter) or Tab ends a scan; data left without one for `suffixTimeoutMilliseconds` is
        /// an incomplete scan (an error, never a scan).
        case suffix
        /// Enter, Tab or an idle gap ends a scan (for scanners programmed without a suffix).
        case suffixOrIdleGap
    }

    /// The scanner's country keyboard.
    public var layout: KeyboardLayoutID
    /// How a scan ends.
    public var termination: Termination
    /// With `suffixOrIdleGap`: milliseconds without a report that end a scan.
    public var idleGapMilliseconds: Int
    /// With `suffix`: milliseconds without a report after which a scan still waiting for its suffix is incomplete.
    public var suffixTimeoutMilliseconds: Int
    /// A key usage that stands for GS when the scanner maps FNC1 to a function key (0x45 = F12), if any.
    public var gsKeyUsage: UInt8?
    /// The longest scan kept, in bytes; a longer one is discarded whole.
    public var maximumLength: Int

    /// Creates settings; the defaults suit a scanner with an Enter suffix in the US layout.
    public init(
        layout: KeyboardLayoutID = .us, termination: Termination = .suffix, idleGapMilliseconds: Int = 100,
        suffixTimeoutMilliseconds: Int = 1000, gsKeyUsage: UInt8? = nil, maximumLength: Int = 4096
    ) {
        self.layout = layout
        self.termination = termination
        self.idleGapMilliseconds = idleGapMilliseconds
        self.suffixTimeoutMilliseconds = suffixTimeoutMilliseconds
        self.gsKeyUsage = gsKeyUsage
        self.maximumLength = maximumLength
    }
}

/// How one HID POS scanner is read.
public struct HIDPOSSettings: Hashable, Sendable, Codable {
    /// Milliseconds to wait for a report the continuation bit promised before the scan is declared incomplete.
    public var continuationTimeoutMilliseconds: Int
    /// The longest scan kept, in bytes; a longer one is discarded whole.
    public var maximumLength: Int

    /// Creates settings.
    public init(continuationTimeoutMilliseconds: Int = 1000, maximumLength: Int = 4096) {
        self.continuationTimeoutMilliseconds = continuationTimeoutMilliseconds
        self.maximumLength = maximumLength
    }
}
