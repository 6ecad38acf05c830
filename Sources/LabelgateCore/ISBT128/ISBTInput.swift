/// Shared validation of text handed to the ISBT 128 value types (internal).
enum ISBTInput {
    /// The largest input, in bytes, that any ISBT 128 entry point accepts.
    static let maximumLength = 4096

    /// Returns the UTF-8 bytes of `text` after checking it is non-empty, bounded and printable ISBTASCII.
    static func printableBytes(_ text: some StringProtocol, what: String) throws(ISBT128Error) -> [UInt8] {
        let bytes = Array(text.utf8)
        try checkPrintable(bytes, what: what)
        return bytes
    }

    /// Runs `body` on the UTF-8 of `text` as one buffer: in place for a native string (the usual case), else on a
    /// copy. The value types parse from the buffer, since byte loops over a string's UTF-8 view are much slower.
    static func withUTF8<T>(
        _ text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) throws(ISBT128Error) -> T
    ) throws(ISBT128Error) -> T {
        let result =
            text.utf8.withContiguousStorageIfAvailable { bytes in Result { () throws(ISBT128Error) in try body(bytes) } }
            ?? Array(text.utf8).withUnsafeBufferPointer { bytes in
                Result { () throws(ISBT128Error) in try body(bytes) }
            }
        return try result.get()
    }

    /// Checks that `bytes` is non-empty, at most `maximumLength` long, and only printable ISBTASCII.
    ///
    /// Generic so that callers can check a buffer or a slice in place, without copying it first.
    static func checkPrintable(_ bytes: some Collection<UInt8>, what: String) throws(ISBT128Error) {
        guard !bytes.isEmpty else { throw .empty(what) }
        guard bytes.count <= maximumLength else { throw .tooLong(length: bytes.count, limit: maximumLength) }
        for (index, byte) in bytes.enumerated() where !ISBTASCII.isPrintable(byte) {
            throw .invalidCharacter(byte, at: index + 1, in: what)
        }
    }

    /// Returns the printable ASCII bytes of `text`, requiring exactly `length` of them.
    static func fixedLength(_ text: some StringProtocol, _ length: Int, what: String) throws(ISBT128Error) -> [UInt8] {
        let bytes = try printableBytes(text, what: what)
        try checkLength(bytes, length, what: what)
        return bytes
    }

    /// Requires exactly `length` bytes: fewer is `.truncated`, more is `.trailingData`.
    static func checkLength(_ bytes: some Collection<UInt8>, _ length: Int, what: String) throws(ISBT128Error) {
        if bytes.count < length { throw .truncated(what, expected: length, found: bytes.count) }
        if bytes.count > length { throw .trailingData(what, extra: bytes.count - length) }
    }

    /// Strips the data identifier `identifier` from the front of a full data structure.
    static func content(
        ofDataStructure text: some StringProtocol, identifier: String, length: Int, what: String
    ) throws(ISBT128Error) -> [UInt8] {
        let bytes = try printableBytes(text, what: what)
        let prefix = Array(identifier.utf8)
        guard bytes.starts(with: prefix) else {
            throw .invalidContent(what, "it must start with the data identifier \"\(identifier)\".")
        }
        let content = Array(bytes.dropFirst(prefix.count))
        try checkLength(content, length, what: "\(what) content")
        return content
    }
}
