/// Four-digit lower-case hexadecimal, as usb.ids, lsusb and udev write vendor and product IDs.
enum USBID {
    /// `05e0` for 0x05E0.
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Parses `05e0`, `0x05E0` or `05E0`; nil if it is not a 16-bit hexadecimal number.
    static func parse(_ text: String) -> UInt16? {
        let digits = text.lowercased().hasPrefix("0x") ? String(text.dropFirst(2)) : text
        guard (1...4).contains(digits.count) else { return nil }
        return UInt16(digits, radix: 16)
    }
}

/// Lower-case hex of bytes (for report dumps in tests and fixtures; never logged).
enum HexBytes {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    static func decode(_ text: String) -> [UInt8]? {
        let clean = text.filter { !$0.isWhitespace }
        guard clean.count.isMultiple(of: 2) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(clean.count / 2)
        var index = clean.startIndex
        while index < clean.endIndex {
            let next = clean.index(index, offsetBy: 2)
            guard let byte = UInt8(clean[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }
}
