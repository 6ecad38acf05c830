/// A key of any name: lets a decoder list every key a TOML table holds, known or not.
struct AnyConfigurationKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// A key in labelgate.toml that no table of that kind has: the daemon refuses to start rather than ignore it (a
/// misspelt security setting is worse than a refused start).
struct UnknownConfigurationKey: Error, CustomStringConvertible {
    /// The key as written.
    var key: String
    /// The table, as written in TOML (`[daemon]`, `[[stations]]`, `scanners of [[stations]]`).
    var table: String
    /// Where: `stations[1].scanners[0]` (entries counted from 0).
    var location: String

    var description: String {
        "unknown key \"\(key)\" in \(table)" + (location.isEmpty ? "" : " (at \(location))")
    }
}

/// A value that has the right type but no acceptable meaning (a vendor ID `0x05f9`, a station that names nothing).
struct InvalidConfigurationValue: Error, CustomStringConvertible {
    var description: String
}

extension Decoder {
    /// Throws `UnknownConfigurationKey` when the table being decoded holds a key `Keys` does not list. Every table
    /// of labelgate.toml checks itself this way, so a key added to a table's `CodingKeys` is accepted at once.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type, table: String) throws {
        let container = try self.container(keyedBy: AnyConfigurationKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue })
        where !known.contains(key.stringValue) {
            throw UnknownConfigurationKey(key: key.stringValue, table: table, location: Self.describe(codingPath))
        }
    }

    /// `stations[1].scanners[0]`.
    static func describe(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
