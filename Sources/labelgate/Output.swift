import Foundation

/// Printing for people or for programs (`--json`).
enum Output {
    /// Prints `value` as one line of sorted-key JSON.
    static func json(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        if let data = try? encoder.encode(value) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// Prints a line on stderr.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Escapes control characters (GS) so a payload can be shown on a terminal.
    static func visible(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes {
            if byte == 0x1D {
                out += "<GS>"
            } else if byte < 0x20 || byte >= 0x7F {
                out += "\\x" + String(byte, radix: 16, uppercase: true)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}
