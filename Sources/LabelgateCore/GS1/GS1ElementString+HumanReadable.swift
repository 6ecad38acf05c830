extension GS1ElementString {
    /// Parses the bracketed human-readable form, for example `(01)09506000134352(10)ABC`.
    ///
    /// Every unescaped `(` starts an AI; write `\(` for a literal `(` inside a value (as ``humanReadable`` does).
    public static func parse(humanReadable text: some StringProtocol) throws(GS1Error) -> GS1ElementString {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw GS1Error.empty("human-readable text") }
        guard bytes.count <= maximumInputLength else {
            throw GS1Error.tooLong(count: bytes.count, limit: maximumInputLength)
        }
        try GS1ASCII.checkPrintable(bytes, allowGS: false)
        let open: UInt8 = 0x28
        let close: UInt8 = 0x29
        let backslash: UInt8 = 0x5C
        guard bytes.first == open else {
            throw GS1Error.invalidContent(ai: nil, "human-readable text must start with an AI in parentheses")
        }
        var elements: [Element] = []
        var position = 0
        while position < bytes.count {
            // At an opening parenthesis: read the AI digits up to the closing one.
            let aiStart = position + 1
            guard let aiEnd = bytes[aiStart...].prefix(5).firstIndex(of: close) else {
                throw GS1Error.unknownAI(at: aiStart)
            }
            let code = bytes[aiStart..<aiEnd]
            guard code.count >= 2, GS1ASCII.allDigits(code) else { throw GS1Error.unknownAI(at: aiStart) }
            var value: [UInt8] = []
            position = aiEnd + 1
            while position < bytes.count && bytes[position] != open {
                if bytes[position] == backslash, position + 1 < bytes.count, bytes[position + 1] == open {
                    value.append(open)
                    position += 2
                } else {
                    value.append(bytes[position])
                    position += 1
                }
            }
            elements.append(Element(ai: GS1ASCII.string(code), value: GS1ASCII.string(value)))
        }
        return try GS1ElementString(elements)
    }
}
