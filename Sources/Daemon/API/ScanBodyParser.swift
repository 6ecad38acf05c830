/// Reads the common form of a scan body, a flat JSON object of strings, without Codable.
///
/// It answers only when it is sure: an object whose members are plain strings (no escapes) or null, valid UTF-8,
/// no key twice. Anything else (escapes, numbers, nesting, duplicates, malformed text) returns nil and the caller
/// decodes with `JSONDecoder`, which gives the precise error. When it answers, the answer is what `JSONDecoder`
/// would give (unknown keys are ignored, as Codable does).
package enum ScanBodyParser {
    /// The body, or nil when the fast path is not sure (the caller then decodes with `JSONDecoder`).
    package static func parse(_ bytes: UnsafeRawBufferPointer) -> ScanBody? {
        var cursor = Cursor(bytes: bytes)
        var body = ScanBody()
        var seen: Set<String> = []
        cursor.skipSpace()
        guard cursor.take(0x7B) else { return nil }  // {
        cursor.skipSpace()
        if !cursor.take(0x7D) {  // not an empty object
            while true {
                cursor.skipSpace()
                guard let key = cursor.plainString(), seen.insert(key).inserted else { return nil }
                cursor.skipSpace()
                guard cursor.take(0x3A) else { return nil }  // :
                cursor.skipSpace()
                let value: String?
                if cursor.takeNull() {
                    value = nil
                } else {
                    guard let text = cursor.plainString() else { return nil }
                    value = text
                }
                switch key {
                case "text": body.text = value
                case "base64": body.base64 = value
                case "aim": body.aim = value
                case "device": body.device = value
                default: break
                }
                cursor.skipSpace()
                if cursor.take(0x2C) { continue }  // ,
                guard cursor.take(0x7D) else { return nil }  // }
                break
            }
        }
        cursor.skipSpace()
        return cursor.atEnd ? body : nil
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func takeNull() -> Bool {
            guard index + 4 <= bytes.count, bytes[index] == 0x6E, bytes[index + 1] == 0x75, bytes[index + 2] == 0x6C,
                bytes[index + 3] == 0x6C
            else { return false }
            index += 4
            return true
        }

        /// A quoted string with no escape and no control character, as valid UTF-8; nil otherwise.
        mutating func plainString() -> String? {
            guard take(0x22) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x22 {
                    let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                if byte == 0x5C || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }
    }
}
