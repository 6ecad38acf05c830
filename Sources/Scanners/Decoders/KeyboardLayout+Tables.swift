extension KeyboardLayout {
    /// United States.
    static let us: KeyboardLayout = {
        var layout = KeyboardLayout(id: .us, hasAltGr: false)
        layout.letters("abcdefghijklmnopqrstuvwxyz")
        layout.row(0x1E, plain: "1234567890", shifted: "!@#$%^&*()")
        layout.row(0x2D, plain: "-=[]\\", shifted: "_+{}|")
        layout.row(0x32, plain: "#;'`,./", shifted: "~:\"~<>?")
        layout.common(decimal: ".")
        return layout
    }()

    /// German (QWERTZ).
    static let de: KeyboardLayout = {
        var layout = KeyboardLayout(id: .de, hasAltGr: true)
        layout.letters("abcdefghijklmnopqrstuvwxzy")
        layout.row(0x1E, plain: "1234567890", shifted: "!\"§$%&/()=")
        layout.key(0x2D, "ß", "?")
        layout.key(0x2E, .dead("´"), .dead("`"))
        layout.letter(0x2F, "ü")
        layout.key(0x30, "+", "*")
        layout.key(0x31, "#", "'")
        layout.key(0x32, "#", "'")
        layout.letter(0x33, "ö")
        layout.letter(0x34, "ä")
        layout.key(0x35, .dead("^"), .character("°"))
        layout.row(0x36, plain: ",.-", shifted: ";:_")
        layout.key(0x64, "<", ">")
        layout.altGr([
            (0x1F, "²"), (0x20, "³"), (0x24, "{"), (0x25, "["), (0x26, "]"), (0x27, "}"), (0x2D, "\\"),
            (0x14, "@"), (0x08, "€"), (0x30, "~"), (0x64, "|"), (0x10, "µ"),
        ])
        layout.common(decimal: ",")
        return layout
    }()

    /// French (AZERTY).
    static let fr: KeyboardLayout = {
        var layout = KeyboardLayout(id: .fr, hasAltGr: true)
        layout.letters("qbcdefghijkl,nopar" + "stuvzxyw")
        layout.key(0x10, ",", "?")
        layout.letter(0x33, "m")
        layout.row(0x1E, plain: "&é\"'(-è_çà", shifted: "1234567890")
        layout.key(0x2D, ")", "°")
        layout.key(0x2E, "=", "+")
        layout.key(0x2F, .dead("^"), .dead("¨"))
        layout.key(0x30, "$", "£")
        layout.key(0x31, "*", "µ")
        layout.key(0x32, "*", "µ")
        layout.key(0x34, "ù", "%")
        layout.key(0x35, "²", "²")
        layout.row(0x36, plain: ";:!", shifted: "./§")
        layout.key(0x64, "<", ">")
        layout.altGr(0x1F, .dead("~"))
        layout.altGr(0x24, .dead("`"))
        layout.altGr([
            (0x20, "#"), (0x21, "{"), (0x22, "["), (0x23, "|"), (0x25, "\\"), (0x26, "^"), (0x27, "@"),
            (0x2D, "]"), (0x2E, "}"), (0x08, "€"), (0x30, "¤"),
        ])
        layout.common(decimal: ".")
        return layout
    }()
}
