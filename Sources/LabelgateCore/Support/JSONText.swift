import Foundation

/// Compact JSON written byte by byte, for the hot payloads (an audit row's details, the verdict the API returns)
/// where a Codable encoder costs more than the work around it.
///
/// Strings are escaped the same way everywhere: `"` and `\` with a backslash, newline, carriage return and tab as
/// `\n`, `\r`, `\t`, every other control character as `\u00xx`; everything else, including `/` and non-ASCII, is
/// copied as UTF-8. Object keys are written in the order given: callers that promise sorted keys pass them sorted.
public struct JSONText: Sendable {
    /// The UTF-8 text written so far.
    public private(set) var bytes: [UInt8]
    private var needsComma = false

    /// An empty text with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The text as a `String`.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Opens an object (`{`).
    public mutating func beginObject() {
        separate()
        bytes.append(0x7B)
        needsComma = false
    }

    /// Closes an object (`}`).
    public mutating func endObject() {
        bytes.append(0x7D)
        needsComma = true
    }

    /// Writes `"key":` inside an object; the value follows.
    public mutating func key(_ key: String) {
        separate()
        Self.appendString(key, to: &bytes)
        bytes.append(0x3A)
        needsComma = false
    }

    /// A string member; nothing is written when `value` is nil (as Codable's `encodeIfPresent`).
    public mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        Self.appendString(value, to: &bytes)
        needsComma = true
    }

    /// An integer member; nothing is written when `value` is nil.
    public mutating func member(_ name: String, _ value: Int64?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(0x2C) }
    }

    /// Appends `text` as a quoted, escaped JSON string.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
