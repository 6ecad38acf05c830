import Foundation
import LabelgateCore

/// Formats audit timestamps as ISO 8601 UTC with milliseconds (`2026-11-25T20:41:03.123Z`), without locale state.
public enum AuditTimestamp {
    /// The text form of `date`.
    public static func string(from date: Date) -> String {
        UTCTimestamp.milliseconds(date)
    }
}
