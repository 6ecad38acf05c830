import Foundation

/// The text normalization every identity field passes through before it is encoded or compared.
///
/// Unicode NFC, leading and trailing white space removed, inner runs of white space collapsed to one U+0020.
/// Case is preserved: the record holds what was registered, and any edit to it is a change.
public enum CanonicalText {
    /// Returns the canonical form of `text`.
    public static func normalize(_ text: String) -> String {
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

    /// True when `text` contains a control character (C0, DEL or C1); such text is never a valid field.
    public static func containsControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }
}
