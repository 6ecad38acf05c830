import Gate
import LabelgateCore

/// What the receiving dock reports, in order, on its event stream.
public enum ScannerEvent: Hashable, Sendable {
    /// A scanner was opened and is being read.
    case attached(ScannerProfile)
    /// A scanner stopped being read.
    case detached(deviceID: String, reason: DetachReason)
    /// The first enumeration is over: every device present when the dock started has been opened (its `attached`
    /// came before this) or ignored; `attached` scanners are being read. Reported once per run; a service that
    /// must not report ready before the present scanners are up waits for it.
    case enumerated(attached: Int)
    /// A USB device was seen and deliberately not read.
    case ignored(deviceID: String, reason: String)
    /// A complete scan was decoded (it goes to the gate next). Scans carry identifiers and a hash, no patient data.
    case scanned(deviceID: String, scan: Scan)
    /// The gate's verdict on that scan, audited.
    case verdict(deviceID: String, verdict: Verdict)
    /// Something went wrong; a scan in progress, if any, was discarded.
    case error(deviceID: String?, error: ScannerError)
}

/// Why a scanner stopped being read.
public enum DetachReason: String, Hashable, Sendable {
    /// Unplugged (or it stopped answering).
    case unplugged
    /// The dock stopped.
    case shutdown
    /// Reading failed (see the error event before it).
    case failed
}
