/// Date and time checks for GS1 values (YYMMDD, YYMMD0, YYYYMMDD, HHMI, HH, MI, SS).
enum GS1DateRules {
    /// Whether `part` is a valid date for `rule` (one of `.yymmd0`, `.yymmdd`, `.yyyymmdd`).
    static func isValidDate(_ part: ArraySlice<UInt8>, rule: GS1ApplicationIdentifier.Rule) -> Bool {
        let yearDigits = rule == .yyyymmdd ? 4 : 2
        guard part.count == yearDigits + 4,
              let year = GS1ASCII.number(part.prefix(yearDigits)),
              let month = GS1ASCII.number(part.dropFirst(yearDigits).prefix(2)),
              let day = GS1ASCII.number(part.suffix(2)),
              (1...12).contains(month) else { return false }
        if day == 0 { return rule == .yymmd0 }
        // Two-digit years fall in a 2000-based century for leap years; 2000 itself is a leap year.
        let fullYear = yearDigits == 2 ? 2000 + year : year
        return day <= daysIn(month: month, year: fullYear)
    }

    /// Whether `part` is a valid time for `rule` (one of `.hhmi`, `.hh`, `.mi`, `.ss`).
    static func isValidTime(_ part: ArraySlice<UInt8>, rule: GS1ApplicationIdentifier.Rule) -> Bool {
        switch rule {
        case .hhmi:
            guard part.count == 4, let hours = GS1ASCII.number(part.prefix(2)),
                  let minutes = GS1ASCII.number(part.suffix(2)) else { return false }
            return hours <= 23 && minutes <= 59
        case .hh:
            guard part.count == 2, let hours = GS1ASCII.number(part) else { return false }
            return hours <= 23
        case .mi, .ss:
            guard part.count == 2, let value = GS1ASCII.number(part) else { return false }
            return value <= 59
        default:
            return false
        }
    }

    /// The number of days in a month of the Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}
