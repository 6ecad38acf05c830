/// Shape checks for the dates inside a COI record (no calendar library needed: the record keeps them as text).
public enum IdentityDate {
    /// `YYYY-MM-DD` with a month 01–12 and a day valid for that month.
    public static func isCalendarDate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let year = number(b[0..<4]), let month = number(b[5..<7]), let day = number(b[8..<10])
        else { return false }
        guard (1...12).contains(month), year >= 1900 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// `YYYY-MM-DDThh:mm[:ss]` followed by `Z` or `±hh:mm`.
    public static func isDateTimeWithOffset(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 17, isCalendarDate(String(decoding: b[0..<10], as: UTF8.self)), b[10] == UInt8(ascii: "T"),
            let hour = number(b[11..<13]), b[13] == UInt8(ascii: ":"), let minute = number(b[14..<16]),
            hour < 24, minute < 60
        else { return false }
        var rest = b[16...]
        if rest.first == UInt8(ascii: ":") {
            guard rest.count >= 3, let second = number(rest.dropFirst().prefix(2)), second < 60 else { return false }
            rest = rest.dropFirst(3)
        }
        if rest.elementsEqual([UInt8(ascii: "Z")]) { return true }
        guard rest.count == 6, let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
            return false
        }
        let offset = Array(rest.dropFirst())
        guard offset[2] == UInt8(ascii: ":"), let oh = number(offset[0..<2]), let om = number(offset[3..<5]) else {
            return false
        }
        return oh <= 14 && om < 60
    }

    private static func number(_ digits: some Collection<UInt8>) -> Int? {
        var value = 0
        for d in digits {
            guard d >= 0x30, d <= 0x39 else { return nil }
            value = value * 10 + Int(d - 0x30)
        }
        return digits.isEmpty ? nil : value
    }
}
