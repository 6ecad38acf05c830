/// One NDEF record (NFC Forum NDEF 1.0): type name format, type, optional ID and payload.
public struct NDEFRecord: Hashable, Sendable {
    /// The type name format (the low three bits of the header).
    public enum TypeNameFormat: UInt8, Hashable, Sendable {
        /// No type, ID or payload.
        case empty = 0x00
        /// NFC Forum well-known type (`U` URI, `T` Text…).
        case wellKnown = 0x01
        /// A MIME media type (RFC 2046).
        case media = 0x02
        /// An absolute URI as the type.
        case absoluteURI = 0x03
        /// NFC Forum external type (`domain:type`).
        case external = 0x04
        /// Unknown type.
        case unknown = 0x05
        /// A chunk after the first (not accepted here).
        case unchanged = 0x06
    }

    /// The type name format.
    public var format: TypeNameFormat
    /// The type bytes (`U`, `text/plain`, `labelgate.org:claim`).
    public var type: [UInt8]
    /// The optional record ID.
    public var id: [UInt8]
    /// The payload.
    public var payload: [UInt8]

    /// Creates a record.
    public init(format: TypeNameFormat, type: [UInt8], id: [UInt8] = [], payload: [UInt8]) {
        self.format = format
        self.type = type
        self.id = id
        self.payload = payload
    }

    /// A MIME record.
    public static func mime(_ mediaType: String, payload: [UInt8]) -> NDEFRecord {
        NDEFRecord(format: .media, type: Array(mediaType.utf8), payload: payload)
    }

    /// An external-type record; the type is lower-cased as NFC Forum RTD 1.0 compares it case-insensitively.
    public static func external(_ type: String, payload: [UInt8]) -> NDEFRecord {
        NDEFRecord(format: .external, type: Array(type.lowercased().utf8), payload: payload)
    }
}

/// An NDEF message: an ordered list of records, with the codec for the record layer.
public struct NDEFMessage: Hashable, Sendable {
    /// The records, first to last.
    public var records: [NDEFRecord]

    /// Creates a message.
    public init(records: [NDEFRecord]) {
        self.records = records
    }

    static let messageBegin: UInt8 = 0x80
    static let messageEnd: UInt8 = 0x40
    static let chunkFlag: UInt8 = 0x20
    static let shortRecord: UInt8 = 0x10
    static let idLengthPresent: UInt8 = 0x08

    /// The encoded message; records with a payload under 256 bytes use the short form.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        for (index, record) in records.enumerated() {
            var header = record.format.rawValue
            if index == 0 { header |= Self.messageBegin }
            if index == records.count - 1 { header |= Self.messageEnd }
            let short = record.payload.count < 256
            if short { header |= Self.shortRecord }
            if !record.id.isEmpty { header |= Self.idLengthPresent }
            out.append(header)
            out.append(UInt8(record.type.count))
            if short {
                out.append(UInt8(record.payload.count))
            } else {
                let length = UInt32(record.payload.count)
                out += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            }
            if !record.id.isEmpty { out.append(UInt8(record.id.count)) }
            out += record.type
            out += record.id
            out += record.payload
        }
        return out
    }

    /// Decodes a whole message: MB on the first record, ME on the last, every length inside `bytes`.
    public static func decode(_ bytes: [UInt8]) throws(NDEFError) -> NDEFMessage {
        guard !bytes.isEmpty else { throw NDEFError(.noMessage, "the NDEF message is empty") }
        var records: [NDEFRecord] = []
        var offset = 0
        var sawEnd = false
        while offset < bytes.count {
            guard !sawEnd else { throw NDEFError(.brokenRecord, "bytes follow the record marked message end") }
            let header = bytes[offset]
            offset += 1
            guard (header & messageBegin != 0) == records.isEmpty else {
                throw NDEFError(.brokenRecord, "message-begin flag is wrong on record \(records.count + 1)")
            }
            guard header & chunkFlag == 0 else { throw NDEFError(.chunked, "chunked records are not accepted") }
            guard let format = NDEFRecord.TypeNameFormat(rawValue: header & 0x07), format != .unchanged else {
                throw NDEFError(.brokenRecord, "record \(records.count + 1) has a reserved type name format")
            }
            func take(_ count: Int) throws(NDEFError) -> ArraySlice<UInt8> {
                guard count >= 0, count <= bytes.count - offset else {
                    throw NDEFError(.brokenRecord, "record \(records.count + 1) runs past the end of the message")
                }
                defer { offset += count }
                return bytes[offset..<offset + count]
            }
            let typeLength = Int(try take(1).first!)
            let payloadLength: Int
            if header & shortRecord != 0 {
                payloadLength = Int(try take(1).first!)
            } else {
                payloadLength = try take(4).reduce(0) { $0 << 8 | Int($1) }
            }
            let idLength = header & idLengthPresent != 0 ? Int(try take(1).first!) : 0
            let type = Array(try take(typeLength))
            let id = Array(try take(idLength))
            let payload = Array(try take(payloadLength))
            if format == .empty, !(type.isEmpty && id.isEmpty && payload.isEmpty) {
                throw NDEFError(.brokenRecord, "an empty record carries data")
            }
            if format != .empty, format != .unknown, type.isEmpty {
                throw NDEFError(.brokenRecord, "record \(records.count + 1) has no type")
            }
            records.append(NDEFRecord(format: format, type: type, id: id, payload: payload))
            sawEnd = header & messageEnd != 0
        }
        guard sawEnd else { throw NDEFError(.brokenRecord, "no record is marked message end") }
        return NDEFMessage(records: records)
    }
}
