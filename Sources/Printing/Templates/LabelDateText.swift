/// Dates as ISBT 128 labels print them (§7.4.4.2): `25 NOV 2026 08:30 UTC-05:00`, always with the offset.
enum LabelDateText {
    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// Formats `YYYY-MM-DDThh:mm[:ss](Z|±hh:mm)`; returns the input unchanged if it has another shape.
    static func format(_ iso: String) -> String {
        let b = Array(iso.utf8)
        guard b.count >= 17, let month = Int(String(decoding: b[5..<7], as: UTF8.self)), (1...12).contains(month)
        else { return iso }
        let year = String(decoding: b[0..<4], as: UTF8.self)
        let day = String(decoding: b[8..<10], as: UTF8.self)
        let time = String(decoding: b[11..<16], as: UTF8.self)
        var zone = String(decoding: b[16...], as: UTF8.self)
        if zone.hasPrefix(":") { zone = String(zone.dropFirst(3)) }
        let offset = zone == "Z" ? "UTC" : "UTC" + zone
        return "\(day) \(months[month - 1]) \(year) \(time) \(offset)"
    }
}
