/// Checks a configuration's text for what toml++ (the C++ parser inside TOMLKit) assumes without checking, before it
/// parses: found by the toml-config fuzz harness.
///
/// - A control character other than tab, LF and CR: TOML allows none anywhere, and a NUL would end the text early
///   (TOMLKit hands toml++ a C string), silently dropping what follows.
/// - A non-ASCII byte outside strings and comments: TOML allows none there, and toml++ assumes ASCII in dates, times
///   and numbers.
/// - Where toml++ *assumes* what comes next (`TOML_ASSERT_ASSUME`: an assertion failure in debug builds, undefined
///   behaviour in release builds): a key right after a table header's `[` or `[[` (`[\n`, `[=]`), after an inline
///   table's `{` or `,`; a value (not `]`, `}`, `,` or a comment) right after `=`; no `}` where an array expects a
///   value (`[}`).
///
/// Strings, comments and arrays are skipped as TOML reads them, so a `[` inside a value is not a header. Anything
/// else is left to toml++, which reports its own errors.
enum TOMLTextCheck {
    /// The longest configuration text read (a real one is a few KiB).
    static let maximumBytes = 1 << 20

    static func check(_ text: String) throws(DaemonError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumBytes else {
            throw DaemonError(.configuration, "the configuration is longer than \(maximumBytes) bytes")
        }
        var scanner = Scanner(bytes: bytes)
        try scanner.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        /// Open `[` and `{` of values (arrays, inline tables), innermost last; table headers only start outside them.
        var open: [UInt8] = []
        var depth: Int { open.count }
        /// Only whitespace so far on this line.
        var atLineStart = true
        /// In a table header line: its brackets are not arrays.
        var inHeader = false

        func invalid(_ what: String) -> DaemonError {
            DaemonError(.configuration, "the configuration is not valid: \(what) on line \(line)")
        }

        static func isControl(_ byte: UInt8) -> Bool {
            (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
        }

        static func startsKey(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""),
                UInt8(ascii: "'"), UInt8(ascii: "]"):
                return true
            default:
                return false
            }
        }

        mutating func run() throws(DaemonError) {
            // toml++ skips a byte-order mark: what follows it starts the first line.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            while index < bytes.count {
                let byte = bytes[index]
                if Self.isControl(byte) { throw invalid("a control character") }
                // TOML allows non-ASCII text only in strings and comments, both skipped here: anywhere else it is
                // invalid, and toml++ assumes ASCII where it reads a date, a time or a number (a time with UTF-8 in
                // it tripped its assertion in parse_time).
                if byte >= 0x80 { throw invalid("a non-ASCII character outside a string or comment") }
                // No labelgate setting is a date or a time, and toml++ assumes digits where it reads one
                // (`1979-05-27Tinf32:00Z` tripped parse_time): outside strings, `:` belongs only to a time, and
                // four digits, `-` and a digit start only a date.
                if byte == UInt8(ascii: ":") || startsDate(at: index) {
                    throw invalid("a date or time (no setting takes one)")
                }
                switch byte {
                case 0x0A:
                    line += 1
                    atLineStart = true
                    inHeader = false
                    index += 1
                    continue
                case 0x20, 0x09, 0x0D:
                    index += 1
                    continue
                case UInt8(ascii: "#"):
                    try skipComment()
                    continue
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    try skipString(quote: byte)
                    atLineStart = false
                    continue
                case UInt8(ascii: "[") where atLineStart && depth == 0:
                    try checkHeader()
                case UInt8(ascii: "=") where !inHeader:
                    try expect(after: index, "a value after =", skippingLines: false) { !Self.endsValue($0) }
                case UInt8(ascii: "[") where !inHeader:
                    open.append(byte)
                    try expect(after: index, "a value in an array", skippingLines: true) { $0 != UInt8(ascii: "}") }
                case UInt8(ascii: "{") where !inHeader:
                    open.append(byte)
                    try expect(after: index, "a key in an inline table", skippingLines: false) {
                        Self.startsKey($0) && $0 != UInt8(ascii: "]") || $0 == UInt8(ascii: "}")
                    }
                case UInt8(ascii: ",") where !inHeader && open.last == UInt8(ascii: "["):
                    try expect(after: index, "a value in an array", skippingLines: true) { $0 != UInt8(ascii: "}") }
                case UInt8(ascii: ",") where !inHeader && open.last == UInt8(ascii: "{"):
                    try expect(after: index, "a key in an inline table", skippingLines: false) {
                        Self.startsKey($0) && $0 != UInt8(ascii: "]")
                    }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if !inHeader, !open.isEmpty { open.removeLast() }
                default:
                    break
                }
                atLineStart = false
                index += 1
            }
        }

        /// Four digits, `-` and a digit at `position`, not inside a longer bare word.
        func startsDate(at position: Int) -> Bool {
            func isDigit(_ at: Int) -> Bool { at < bytes.count && (48...57).contains(bytes[at]) }
            guard isDigit(position), position + 5 < bytes.count else { return false }
            if position > 0, Self.startsKey(bytes[position - 1]) || bytes[position - 1] == UInt8(ascii: ".") {
                return false
            }
            return isDigit(position + 1) && isDigit(position + 2) && isDigit(position + 3)
                && bytes[position + 4] == UInt8(ascii: "-") && isDigit(position + 5)
        }

        static func endsValue(_ byte: UInt8) -> Bool {
            [UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: "#"), 0x0A, 0x0D].contains(byte)
        }

        /// Throws unless the first significant byte after `position` satisfies `allowed`; spaces and tabs are skipped,
        /// and with `skippingLines` also line ends and comments (as inside an array). The end of the text is left to
        /// toml++, which reports it.
        func expect(
            after position: Int, _ what: String, skippingLines: Bool, _ allowed: (UInt8) -> Bool
        ) throws(DaemonError) {
            var next = position + 1
            while next < bytes.count {
                let byte = bytes[next]
                if byte == 0x20 || byte == 0x09 || (skippingLines && (byte == 0x0A || byte == 0x0D)) {
                    next += 1
                } else if skippingLines && byte == UInt8(ascii: "#") {
                    while next < bytes.count && bytes[next] != 0x0A { next += 1 }
                } else {
                    guard allowed(byte) else { throw invalid("expected \(what)") }
                    return
                }
            }
        }

        mutating func checkHeader() throws(DaemonError) {
            inHeader = true
            var next = index + 1
            if next < bytes.count && bytes[next] == UInt8(ascii: "[") { next += 1 }
            while next < bytes.count && (bytes[next] == 0x20 || bytes[next] == 0x09) { next += 1 }
            guard next < bytes.count, Self.startsKey(bytes[next]) else {
                throw invalid("a table header without a key after its [")
            }
        }

        mutating func skipComment() throws(DaemonError) {
            while index < bytes.count && bytes[index] != 0x0A {
                if Self.isControl(bytes[index]) { throw invalid("a control character") }
                index += 1
            }
        }

        /// Skips a basic or literal string, single- or multi-line; a single-line one ends at its line's end at the
        /// latest (toml++ reports an unterminated one).
        mutating func skipString(quote: UInt8) throws(DaemonError) {
            let triple = index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote
            index += triple ? 3 : 1
            while index < bytes.count {
                let byte = bytes[index]
                if Self.isControl(byte) { throw invalid("a control character") }
                if byte == 0x0A {
                    guard triple else { return }
                    line += 1
                } else if byte == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                    index += 2
                    continue
                } else if byte == quote {
                    if !triple {
                        index += 1
                        return
                    }
                    if index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote {
                        index += 3
                        // Up to two more quotes belong to the string (`""""` ends with one quote inside).
                        while index < bytes.count && bytes[index] == quote { index += 1 }
                        return
                    }
                }
                index += 1
            }
        }
    }
}
