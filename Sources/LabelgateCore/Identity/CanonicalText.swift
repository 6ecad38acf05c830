import Foundation

/// The text normalization every identity field passes through before it is encoded or compared.
///
/// Unicode NFC, leading and trailing white space removed, inner runs of white space collapsed to one U+0020.
/// Case is preserved: the record holds what was registered, and any edit to it is a change.
public enum CanonicalText {
    /// Returns the canonical form of `text`.
    public static func normalize(_ text: String) -> String {
        if isCanonicalASCII(text) { return text }
        if let ascii = normalizeASCII(text) { return ascii }
        let composed = text.precomposedStringWithCanonicalMapping
        var out = ""
        out.reserveCapacity(composed.utf8.count)
        var pendingSpace = false
        for scalar in composed.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.unicodeScalars.append(" ")
                pendingSpace = false
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// True when `text` is ASCII (so already NFC) whose only white space is single U+0020s between other
    /// characters: its canonical form is itself, found without building a copy.
    private static func isCanonicalASCII(_ text: String) -> Bool {
        var afterSpace = true  // a leading space is not canonical
        for byte in text.utf8 {
            if byte >= 0x80 || (0x09...0x0D).contains(byte) { return false }
            if byte == 0x20 {
                if afterSpace { return false }  // leading space, or a run of spaces
                afterSpace = true
            } else {
                afterSpace = false
            }
        }
        return text.isEmpty || !afterSpace  // a trailing space is not canonical
    }

    /// The fast path for pure ASCII text (already NFC): trims and collapses ASCII white space; nil if not ASCII.
    private static func normalizeASCII(_ text: String) -> String? {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(byte)
            }
            return out.count == bytes.count ? text : String(decoding: out, as: UTF8.self)
        } ?? nil
    }

    /// True when `text` contains a control character (C0, DEL or C1); such text is never a valid field.
    public static func containsControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }
}
