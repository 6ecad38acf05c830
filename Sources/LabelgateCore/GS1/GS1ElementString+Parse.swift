extension GS1ElementString {
    /// Parses the unbracketed form a scanner transmits, after its AIM identifier has been removed.
    ///
    /// The data may start with a GS standing for FNC1 in first position. AIs follow back to back; a value whose AI
    /// is not of predefined length ends at a GS or at the end of the data. A GS after a predefined-length value is
    /// tolerated, as is one GS at the very end.
    ///
    /// Throws `.empty`, `.tooLong` (over 4096 bytes), `.invalidCharacter` (non-ASCII, invalid UTF-8 or control
    /// characters other than GS), `.unknownAI`, `.duplicateAI`, `.truncated`, `.invalidLength`, `.invalidContent`
    /// or `.badCheckDigit`.
    public static func parse(_ bytes: [UInt8]) throws(GS1Error) -> GS1ElementString {
        guard !bytes.isEmpty else { throw GS1Error.empty("scanned data") }
        guard bytes.count <= maximumInputLength else {
            throw GS1Error.tooLong(count: bytes.count, limit: maximumInputLength)
        }
        try GS1ASCII.checkPrintable(bytes, allowGS: true)
        let gs = GS1ASCII.groupSeparator
        var position = bytes.first == gs ? 1 : 0
        guard position < bytes.count else { throw GS1Error.empty("scanned data after the leading FNC1") }
        var elements: [Element] = []
        elements.reserveCapacity(8)  // room for a typical label's elements without regrowing
        while position < bytes.count {
            let (ai, valueStart) = try readAI(bytes, at: position)
            let valueEnd: Int
            if ai.isPredefinedLength, let length = ai.fixedLength {
                let available = bytes[valueStart...].prefix { $0 != gs }.count
                guard available >= length else {
                    throw GS1Error.truncated(ai: ai.code, "\(available) characters found, \(length) needed")
                }
                valueEnd = valueStart + length
            } else {
                valueEnd = bytes[valueStart...].firstIndex(of: gs) ?? bytes.count
            }
            let value = bytes[valueStart..<valueEnd]
            if value.isEmpty { throw GS1Error.invalidLength(ai: ai.code, "the value is empty") }
            if elements.contains(where: { $0.ai == ai.code }) { throw GS1Error.duplicateAI(ai.code) }
            try GS1ValueValidator.validate(value, for: ai)
            elements.append(Element(ai: ai.code, value: GS1ASCII.string(value)))
            position = valueEnd
            if position < bytes.count && bytes[position] == gs {
                position += 1
                if position < bytes.count && bytes[position] == gs {
                    throw GS1Error.invalidContent(ai: nil, "two separators in a row at position \(position)")
                }
            }
        }
        return GS1ElementString(parsedElements: elements)
    }

    /// Reads the AI starting at `position`, returning its description and where its value starts.
    static func readAI(_ bytes: [UInt8], at position: Int) throws(GS1Error) -> (GS1ApplicationIdentifier, Int) {
        let head = bytes[position...].prefix(4)
        guard head.count >= 2, GS1ASCII.allDigits(head.prefix(2)) else {
            if head.count < 2, head.allSatisfy(GS1ASCII.isDigit) {
                throw GS1Error.truncated(ai: GS1ASCII.string(head), "the application identifier is cut off")
            }
            throw GS1Error.unknownAI(at: position)
        }
        guard let length = GS1ApplicationIdentifier.aiLength(forPrefixBytes: head) else {
            throw GS1Error.unknownAI(GS1ASCII.string(head.prefix(2)))
        }
        guard head.count >= length, GS1ASCII.allDigits(head.prefix(length)) else {
            if head.count < length, head.allSatisfy(GS1ASCII.isDigit) {
                throw GS1Error.truncated(ai: GS1ASCII.string(head), "the application identifier is cut off")
            }
            throw GS1Error.unknownAI(at: position)
        }
        guard let ai = GS1ApplicationIdentifierTable.identifier(digits: head.prefix(length)) else {
            throw GS1Error.unknownAI(GS1ASCII.string(head.prefix(length)))
        }
        return (ai, position + length)
    }
}
