/// NFC Forum well-known URI (`U`) and Text (`T`) records.
public enum NDEFWellKnown {
    /// URI identifier codes 0x00…0x23 (NFC Forum URI RTD 1.0, table 3).
    public static let uriPrefixes: [String] = [
        "", "http://www.", "https://www.", "http://", "https://", "tel:", "mailto:", "ftp://anonymous:anonymous@",
        "ftp://ftp.", "ftps://", "sftp://", "smb://", "nfs://", "ftp://", "dav://", "news:", "telnet://", "imap:",
        "rtsp://", "urn:", "pop:", "sip:", "sips:", "tftp:", "btspp://", "btl2cap://", "btgoep://", "tcpobex://",
        "irdaobex://", "file://", "urn:epc:id:", "urn:epc:tag:", "urn:epc:pat:", "urn:epc:raw:", "urn:epc:",
        "urn:nfc:",
    ]

    /// A URI record with the longest matching prefix abbreviated.
    public static func uri(_ uri: String) -> NDEFRecord {
        var best = 0
        for (code, prefix) in uriPrefixes.enumerated() where code > 0 && uri.hasPrefix(prefix) {
            if prefix.utf8.count > uriPrefixes[best].utf8.count { best = code }
        }
        let rest = Array(uri.utf8.dropFirst(uriPrefixes[best].utf8.count))
        return NDEFRecord(format: .wellKnown, type: [0x55], payload: [UInt8(best)] + rest)
    }

    /// The URI a `U` record carries.
    public static func uri(from record: NDEFRecord) throws(NDEFError) -> String {
        guard record.format == .wellKnown, record.type == [0x55], let code = record.payload.first else {
            throw NDEFError(.badWellKnown, "not a URI record")
        }
        guard Int(code) < uriPrefixes.count else { throw NDEFError(.badWellKnown, "reserved URI identifier code") }
        guard let rest = String(validating: record.payload.dropFirst(), as: UTF8.self) else {
            throw NDEFError(.badWellKnown, "the URI is not UTF-8")
        }
        return uriPrefixes[Int(code)] + rest
    }

    /// A UTF-8 Text record.
    public static func text(_ text: String, language: String = "en") -> NDEFRecord {
        let lang = Array(language.utf8.prefix(63))
        return NDEFRecord(format: .wellKnown, type: [0x54], payload: [UInt8(lang.count)] + lang + Array(text.utf8))
    }

    /// The language and text a `T` record carries (UTF-8 or UTF-16 with or without a byte-order mark).
    public static func text(from record: NDEFRecord) throws(NDEFError) -> (language: String, text: String) {
        guard record.format == .wellKnown, record.type == [0x54], let status = record.payload.first else {
            throw NDEFError(.badWellKnown, "not a Text record")
        }
        let languageLength = Int(status & 0x3F)
        guard status & 0x40 == 0, record.payload.count >= 1 + languageLength else {
            throw NDEFError(.badWellKnown, "the Text record's language length runs past its payload")
        }
        let language = String(decoding: record.payload[1..<1 + languageLength], as: UTF8.self)
        let body = Array(record.payload[(1 + languageLength)...])
        if status & 0x80 == 0 {
            guard let text = String(validating: body, as: UTF8.self) else {
                throw NDEFError(.badWellKnown, "the text is not UTF-8")
            }
            return (language, text)
        }
        guard body.count % 2 == 0 else { throw NDEFError(.badWellKnown, "UTF-16 text has an odd length") }
        var units = stride(from: 0, to: body.count, by: 2).map { UInt16(body[$0]) << 8 | UInt16(body[$0 + 1]) }
        if units.first == 0xFFFE {
            units = units.dropFirst().map { $0.byteSwapped }
        } else if units.first == 0xFEFF {
            units.removeFirst()
        }
        guard let text = String(validating: units, as: UTF16.self) else {
            throw NDEFError(.badWellKnown, "the text is not valid UTF-16")
        }
        return (language, text)
    }
}
