import LabelgateCore

/// The ISBT 128 and GS1 codecs on their own: parse then re-encode gives back the bytes where the form is canonical,
/// and encode then parse gives back the value.
enum CodecHarnesses {
    private static let splitter = ISBT128Splitter(localStructureLengths: ["&h": 43, "&a": 3])

    /// ISBT 128: split structures re-encode to exactly the scanned bytes (the concatenation is canonical), each
    /// structure re-parses from its own data structure text, and a DIN's keyboard entry with its check character
    /// verifies.
    static func isbt(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        if input.byte() & 0x03 == 0 {
            try isbtBuilt(&input)
            return
        }
        let bytes = input.rest()
        guard let structures = try? splitter.split(bytes) else { return }
        let encoded = structures.map(\.encoded).joined()
        try check(Array(encoded.utf8) == bytes, "split then encode: \(encoded)")
        for structure in structures {
            let text = structure.encoded
            switch structure {
            case .din(let din):
                try check((try? DIN(dataStructure: text)) == din, "DIN \(text) does not re-parse to itself")
                let entry = din.identifier + String(din.checkCharacter)
                try check((try? DIN.verifyKeyboardEntry(entry)) == din.with(flags: .notUsed), "keyboard entry \(entry)")
            case .productCode(let code):
                try check((try? ProductCode(dataStructure: text)) == code, "product code \(text)")
            case .chainOfIdentity(let coi):
                try check((try? ChainOfIdentityID(dataStructure: text)) == coi, "COI \(text)")
            case .compoundMessage(let header):
                try check((try? CompoundMessage(dataStructure: text)) == header, "compound header \(text)")
            case .local, .other:
                try check((try? splitter.split(text)) == [structure], "structure \(text) does not split to itself")
            }
        }
    }

    private static func isbtBuilt(_ input: inout FuzzInput) throws(FuzzFailure) {
        var structures: [ISBTDataStructure] = []
        for _ in 0..<(1 + input.int(below: 5)) {
            switch input.int(below: 3) {
            case 0: if let din = Generators.din(&input) { structures.append(.din(din)) }
            case 1: if let code = Generators.productCode(&input) { structures.append(.productCode(code)) }
            default: if let coi = Generators.coi(&input) { structures.append(.chainOfIdentity(coi)) }
            }
        }
        guard !structures.isEmpty else { return }
        let compound = input.bool()
        let sequence = input.text(3, from: Alphabet.digits)
        if compound, let header = try? CompoundMessage(count: structures.count, sequenceID: sequence) {
            structures.insert(.compoundMessage(header), at: 0)
        }
        let text = structures.map(\.encoded).joined()
        let split: [ISBTDataStructure]
        do { split = try splitter.split(text) } catch { throw FuzzFailure("\(text) does not split: \(error)") }
        try check(split == structures, "\(text) splits to \(split)")
    }

    /// GS1: a parsed element string re-transmits to bytes that parse to the same elements, and so do its
    /// human-readable form and (when it has a primary key) its Digital Link; the human-readable and Digital Link
    /// parsers' own answers round-trip the same way. Canonical transmitted bytes (no leading FNC1, no redundant
    /// separator) come back byte for byte.
    static func gs1(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let route = input.int(below: 4)
        let bytes = input.rest()
        let elements: GS1ElementString
        switch route {
        case 0: guard let parsed = try? GS1ElementString.parse(humanReadable: String(decoding: bytes, as: UTF8.self))
            else { return }
            elements = parsed
        case 1: guard let parsed = try? GS1DigitalLink.parse(String(decoding: bytes, as: UTF8.self)) else { return }
            elements = parsed
        case 2:
            guard let built = try? GS1ElementString(builtElements(bytes)) else { return }
            elements = built
        default:
            guard let parsed = try? GS1ElementString.parse(bytes) else { return }
            elements = parsed
            if bytes.first != 0x1D, bytes.last != 0x1D, !redundantSeparator(bytes, elements) {
                try check(parsed.transmitted() == bytes, "canonical bytes re-transmit differently")
            }
        }
        let transmitted = elements.transmitted()
        try check((try? GS1ElementString.parse(transmitted)) == elements, "transmitted form does not round-trip")
        try check((try? GS1ElementString.parse(elements.transmittedWithLeadingFNC1())) == elements, "leading FNC1")
        let text = elements.humanReadable
        try check((try? GS1ElementString.parse(humanReadable: text)) == elements, "human-readable \(text)")
        if let uri = try? GS1DigitalLink.uri(for: elements) {
            guard let linked = try? GS1DigitalLink.parse(uri) else { throw FuzzFailure("Digital Link \(uri) fails") }
            try check(Set(linked.elements) == Set(elements.elements), "Digital Link \(uri) changes the elements")
        }
    }

    /// Elements from `ai=value` lines of the input (the constructor validates them).
    private static func builtElements(_ bytes: [UInt8]) -> [GS1ElementString.Element] {
        bytes.split(separator: 0x0A).map { line in
            let ai = line.prefix { $0 != 0x3D }
            return GS1ElementString.Element(
                ai: String(decoding: ai, as: UTF8.self),
                value: String(decoding: line.dropFirst(ai.count + 1), as: UTF8.self))
        }
    }

    /// Whether the bytes hold a separator the transmitted form leaves out (after a predefined-length value).
    private static func redundantSeparator(_ bytes: [UInt8], _ elements: GS1ElementString) -> Bool {
        bytes.filter { $0 == 0x1D }.count != elements.transmitted().filter { $0 == 0x1D }.count
    }
}
