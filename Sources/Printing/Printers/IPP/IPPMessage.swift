/// An IPP/1.1 (RFC 8010) request or response: header, attribute groups, then the document data.
package struct IPPMessage: Sendable {
    /// One attribute value with its value tag.
    package struct Value: Sendable, Equatable {
        package var tag: UInt8
        package var bytes: [UInt8]

        package init(tag: UInt8, bytes: [UInt8]) {
            self.tag = tag
            self.bytes = bytes
        }

        static func text(_ tag: UInt8, _ string: String) -> Value { Value(tag: tag, bytes: Array(string.utf8)) }
        static func integer(_ tag: UInt8, _ number: Int32) -> Value {
            let bits = UInt32(bitPattern: number)
            return Value(tag: tag, bytes: [UInt8(bits >> 24), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF)])
        }
        package var string: String { String(decoding: bytes, as: UTF8.self) }
        package var integer: Int32? {
            guard bytes.count == 4 else { return nil }
            return Int32(bitPattern: bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
    }

    /// One attribute (name and one or more values) inside a group.
    package struct Attribute: Sendable, Equatable {
        package var name: String
        package var values: [Value]

        package init(name: String, values: [Value]) {
            self.name = name
            self.values = values
        }
    }

    /// An attribute group (operation 0x01, job 0x02, printer 0x04, unsupported 0x05).
    package struct Group: Sendable, Equatable {
        package var tag: UInt8
        package var attributes: [Attribute]

        package init(tag: UInt8, attributes: [Attribute]) {
            self.tag = tag
            self.attributes = attributes
        }
    }

    /// Value tags used here.
    enum Tag {
        static let operation: UInt8 = 0x01, job: UInt8 = 0x02, end: UInt8 = 0x03, printer: UInt8 = 0x04
        static let integer: UInt8 = 0x21, boolean: UInt8 = 0x22, enumeration: UInt8 = 0x23
        static let nameWithoutLanguage: UInt8 = 0x42, keyword: UInt8 = 0x44, uri: UInt8 = 0x45
        static let charset: UInt8 = 0x47, naturalLanguage: UInt8 = 0x48, mimeMediaType: UInt8 = 0x49
        static let textWithoutLanguage: UInt8 = 0x41
    }

    /// Operation id (request) or status code (response).
    package var code: UInt16
    package var requestID: UInt32
    package var groups: [Group]
    package var data: [UInt8] = []

    /// A request with the three attributes every request starts with.
    static func request(_ operation: UInt16, id: UInt32, printerURI: String, _ more: [Attribute]) -> IPPMessage {
        let first = [
            Attribute(name: "attributes-charset", values: [.text(Tag.charset, "utf-8")]),
            Attribute(name: "attributes-natural-language", values: [.text(Tag.naturalLanguage, "en")]),
            Attribute(name: "printer-uri", values: [.text(Tag.uri, printerURI)]),
        ]
        return IPPMessage(code: operation, requestID: id, groups: [Group(tag: Tag.operation, attributes: first + more)])
    }

    /// The wire form. Names and values carry 16-bit lengths: one longer than 65,535 bytes (a printer URI from the
    /// configuration, a name decoded from a printer's non-UTF-8 bytes) cannot be sent and is a typed error, never a
    /// trap.
    package func encoded() throws(PrintingError) -> [UInt8] {
        for attribute in groups.flatMap(\.attributes) {
            guard attribute.name.utf8.count <= 0xFFFF, attribute.values.allSatisfy({ $0.bytes.count <= 0xFFFF }) else {
                throw PrintingError(.printer, "an IPP attribute is longer than 65535 bytes")
            }
        }
        var out: [UInt8] = [2, 0, UInt8(code >> 8), UInt8(code & 0xFF)]
        out += [UInt8(requestID >> 24), UInt8(requestID >> 16 & 0xFF), UInt8(requestID >> 8 & 0xFF), UInt8(requestID & 0xFF)]
        for group in groups {
            out.append(group.tag)
            for attribute in group.attributes {
                for (index, value) in attribute.values.enumerated() {
                    let name = index == 0 ? Array(attribute.name.utf8) : []
                    out.append(value.tag)
                    out += [UInt8(name.count >> 8), UInt8(name.count & 0xFF)] + name
                    out += [UInt8(value.bytes.count >> 8), UInt8(value.bytes.count & 0xFF)] + value.bytes
                }
            }
        }
        out.append(Tag.end)
        return out + data
    }

    /// Parses a response; nil when the bytes are not IPP.
    package init?(decoding bytes: [UInt8]) {
        guard bytes.count >= 9, bytes[0] >= 1, bytes[0] <= 2 else { return nil }
        code = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        requestID = bytes[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        groups = []
        var index = 8
        func u16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        while index < bytes.count {
            let tag = bytes[index]
            index += 1
            if tag == Tag.end {
                data = Array(bytes[index...])
                return
            }
            if tag < 0x10 {
                groups.append(Group(tag: tag, attributes: []))
                continue
            }
            guard !groups.isEmpty, index + 2 <= bytes.count else { return nil }
            let nameLength = u16(index)
            index += 2
            guard index + nameLength + 2 <= bytes.count else { return nil }
            let name = String(decoding: bytes[index..<index + nameLength], as: UTF8.self)
            index += nameLength
            let valueLength = u16(index)
            index += 2
            guard index + valueLength <= bytes.count else { return nil }
            let value = Value(tag: tag, bytes: Array(bytes[index..<index + valueLength]))
            index += valueLength
            if nameLength == 0, let last = groups[groups.count - 1].attributes.indices.last {
                groups[groups.count - 1].attributes[last].values.append(value)
            } else {
                groups[groups.count - 1].attributes.append(Attribute(name: name, values: [value]))
            }
        }
        return nil
    }

    package init(code: UInt16, requestID: UInt32, groups: [Group]) {
        self.code = code
        self.requestID = requestID
        self.groups = groups
    }

    /// The first attribute named `name` in any group.
    package func attribute(_ name: String) -> [Value] {
        for group in groups { if let found = group.attributes.first(where: { $0.name == name }) { return found.values } }
        return []
    }
}
