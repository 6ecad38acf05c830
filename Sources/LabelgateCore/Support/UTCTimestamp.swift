import Foundation

/// ISO 8601 UTC timestamps (`2026-11-25T20:41:03Z`, `2026-11-25T20:41:03.123Z`) computed arithmetically: no
/// formatter, locale or calendar state, so they are cheap enough for every verdict and audit row.
public enum UTCTimestamp {
    /// `date` to whole seconds (truncated), as `JSONEncoder`'s `.iso8601` strategy writes it.
    public static func seconds(_ date: Date) -> String {
        format(date, milliseconds: false)
    }

    /// `date` with milliseconds (truncated).
    public static func milliseconds(_ date: Date) -> String {
        format(date, milliseconds: true)
    }

    private static func format(_ date: Date, milliseconds: Bool) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let msOfDay = millis - days * 86_400_000
        // Civil-from-days (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func digits(_ value: Int64, _ width: Int) {
            let text = Array(String(value).utf8)
            if text.count < width { out.append(contentsOf: repeatElement(0x30, count: width - text.count)) }
            out.append(contentsOf: text)
        }
        digits(year, 4)
        out.append(0x2D)
        digits(month, 2)
        out.append(0x2D)
        digits(day, 2)
        out.append(0x54)
        digits(msOfDay / 3_600_000, 2)
        out.append(0x3A)
        digits(msOfDay / 60_000 % 60, 2)
        out.append(0x3A)
        digits(msOfDay / 1000 % 60, 2)
        if milliseconds {
            out.append(0x2E)
            digits(msOfDay % 1000, 3)
        }
        out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }
}
