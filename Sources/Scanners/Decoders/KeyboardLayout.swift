/// The keyboard layout a scanner in keyboard-wedge mode emulates (its "country keyboard" setting).
public enum KeyboardLayoutID: String, Hashable, Sendable, Codable, CaseIterable {
    /// United States (QWERTY).
    case us
    /// German (QWERTZ), as Windows maps it: AltGr, dead `^ ´ \``.
    case de
    /// French (AZERTY), as Windows maps it: digits on Shift, AltGr, dead `^ ¨ ~ \``.
    case fr
}

/// What one key press produces on a layout.
enum KeyMeaning: Hashable, Sendable {
    /// A character.
    case character(Unicode.Scalar)
    /// A dead key: the accent waits for the next key (a space makes it literal).
    case dead(Unicode.Scalar)
}

/// Usage (page 0x07) to character tables for the layouts labelgate decodes.
struct KeyboardLayout: Sendable {
    struct Key: Sendable {
        var plain: KeyMeaning?
        var shifted: KeyMeaning?
        var altGr: KeyMeaning?
        /// CapsLock inverts Shift on this key (letters, and the umlauts on DE).
        var followsCapsLock = false
    }

    let id: KeyboardLayoutID
    /// Right Alt is AltGr (DE, FR) rather than a second Alt (US).
    let hasAltGr: Bool
    private(set) var keys: [UInt8: Key] = [:]

    init(id: KeyboardLayoutID, hasAltGr: Bool) {
        self.id = id
        self.hasAltGr = hasAltGr
    }

    /// The layout for `id`.
    static func named(_ id: KeyboardLayoutID) -> KeyboardLayout {
        switch id {
        case .us: return us
        case .de: return de
        case .fr: return fr
        }
    }

    /// The meaning of `usage` with the given modifier state, or nil if the key types nothing.
    func meaning(of usage: UInt8, shift: Bool, altGr: Bool, capsLock: Bool) -> KeyMeaning? {
        guard let key = keys[usage] else { return nil }
        if altGr { return key.altGr }
        let shifted = key.followsCapsLock ? shift != capsLock : shift
        return shifted ? key.shifted : key.plain
    }

    /// Letters on the 26 letter positions (usages 0x04–0x1D), upper case on Shift and CapsLock.
    mutating func letters(_ positions: String) {
        for (offset, scalar) in positions.unicodeScalars.enumerated() {
            letter(UInt8(0x04 + offset), scalar)
        }
    }

    mutating func letter(_ usage: UInt8, _ scalar: Unicode.Scalar) {
        let upper = scalar.properties.uppercaseMapping.unicodeScalars.first ?? scalar
        keys[usage] = Key(plain: .character(scalar), shifted: .character(upper), followsCapsLock: true)
    }

    /// Consecutive keys starting at `usage`: plain and shifted characters pairwise.
    mutating func row(_ usage: UInt8, plain: String, shifted: String) {
        for (offset, pair) in zip(plain.unicodeScalars, shifted.unicodeScalars).enumerated() {
            key(usage + UInt8(offset), .character(pair.0), .character(pair.1))
        }
    }

    mutating func key(_ usage: UInt8, _ plain: KeyMeaning?, _ shifted: KeyMeaning?) {
        var key = keys[usage] ?? Key()
        key.plain = plain
        key.shifted = shifted
        key.followsCapsLock = false
        keys[usage] = key
    }

    mutating func key(_ usage: UInt8, _ plain: Unicode.Scalar, _ shifted: Unicode.Scalar) {
        key(usage, .character(plain), .character(shifted))
    }

    mutating func altGr(_ usage: UInt8, _ meaning: KeyMeaning) {
        var key = keys[usage] ?? Key()
        key.altGr = meaning
        keys[usage] = key
    }

    mutating func altGr(_ pairs: [(UInt8, Unicode.Scalar)]) {
        for (usage, scalar) in pairs { altGr(usage, .character(scalar)) }
    }

    /// Space and the keypad (NumLock on), shared by every layout; `decimal` is the keypad's decimal key.
    mutating func common(decimal: Unicode.Scalar) {
        key(0x2C, " ", " ")
        for (usage, scalar) in [(0x54, "/"), (0x55, "*"), (0x56, "-"), (0x57, "+")] as [(UInt8, Unicode.Scalar)] {
            key(usage, scalar, scalar)
        }
        for digit in 1...9 {
            key(UInt8(0x58 + digit), Unicode.Scalar(UInt8(0x30 + digit)), Unicode.Scalar(UInt8(0x30 + digit)))
        }
        key(0x62, "0", "0")
        key(0x63, decimal, decimal)
    }
}
