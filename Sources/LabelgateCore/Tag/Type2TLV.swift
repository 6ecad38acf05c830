/// The TLV layer of an NFC Forum Type 2 tag's data area (from page 4): NULL, Lock/Memory Control, NDEF, Terminator.
public enum Type2TLV {
    /// NULL TLV (padding, no length).
    public static let null: UInt8 = 0x00
    /// Lock Control TLV.
    public static let lockControl: UInt8 = 0x01
    /// Memory Control TLV.
    public static let memoryControl: UInt8 = 0x02
    /// NDEF Message TLV.
    public static let ndef: UInt8 = 0x03
    /// Proprietary TLV.
    public static let proprietary: UInt8 = 0xFD
    /// Terminator TLV.
    public static let terminator: UInt8 = 0xFE

    /// Where the first NDEF message TLV is in `area` (the data area bytes read so far) and how long its value is.
    ///
    /// Returns nil when more bytes are needed to see the NDEF TLV header (the caller reads further and asks
    /// again, up to `capacity`, the size of the whole data area). Throws when a TLV is broken or a length runs
    /// past `capacity`.
    public static func locateNDEF(in area: [UInt8], capacity: Int) throws(NDEFError) -> (offset: Int, length: Int)? {
        var index = 0
        while true {
            guard index < capacity else { throw NDEFError(.noMessage, "the tag holds no NDEF message TLV") }
            guard index < area.count else { return nil }
            let tag = area[index]
            switch tag {
            case null:
                index += 1
                continue
            case terminator:
                throw NDEFError(.noMessage, "the terminator TLV comes before any NDEF message")
            case lockControl, memoryControl, ndef, proprietary:
                break
            default:
                throw NDEFError(.brokenTLV, "unknown TLV type 0x\(String(tag, radix: 16)) at byte \(index)")
            }
            guard index + 1 < area.count else {
                guard index + 1 < capacity else { throw NDEFError(.brokenTLV, "a TLV is cut short by the end of memory") }
                return nil
            }
            var length = Int(area[index + 1])
            var valueStart = index + 2
            if length == 0xFF {
                guard index + 3 < area.count else {
                    guard index + 3 < capacity else { throw NDEFError(.brokenTLV, "a TLV length is cut short") }
                    return nil
                }
                length = Int(area[index + 2]) << 8 | Int(area[index + 3])
                valueStart = index + 4
                guard length >= 0xFF else { throw NDEFError(.brokenTLV, "a three-byte TLV length below 255") }
            }
            guard valueStart + length <= capacity else {
                throw NDEFError(
                    .brokenTLV, "a TLV of \(length) bytes at byte \(index) runs past the end of memory (\(capacity))")
            }
            if tag == ndef {
                guard length > 0 else { throw NDEFError(.noMessage, "the NDEF message TLV is empty") }
                return (valueStart, length)
            }
            index = valueStart + length
        }
    }

    /// The NDEF message bytes in a complete data area.
    public static func ndefMessage(in area: [UInt8]) throws(NDEFError) -> [UInt8] {
        guard let (offset, length) = try locateNDEF(in: area, capacity: area.count) else {
            throw NDEFError(.brokenTLV, "the data area ends inside a TLV")
        }
        return Array(area[offset..<offset + length])
    }

    /// The data area bytes for `message`: NDEF TLV (one- or three-byte length) and a terminator, padded to whole
    /// 4-byte pages. Throws when it does not fit `capacity` bytes.
    public static func area(for message: [UInt8], capacity: Int) throws(NDEFError) -> [UInt8] {
        var out: [UInt8] = [ndef]
        if message.count < 0xFF {
            out.append(UInt8(message.count))
        } else {
            guard message.count <= 0xFFFE else { throw NDEFError(.tooLarge, "an NDEF message over 65534 bytes") }
            out += [0xFF, UInt8(message.count >> 8), UInt8(message.count & 0xFF)]
        }
        out += message
        out.append(terminator)
        while out.count % 4 != 0 { out.append(0) }
        guard out.count <= capacity else {
            throw NDEFError(.tooLarge, "the message needs \(out.count) bytes; the tag holds \(capacity)")
        }
        return out
    }
}
