/// The state machine behind `ReportDescriptor(parsing:)`.
struct ReportDescriptorParser {
    private struct Globals {
        var usagePage: UInt16 = 0
        var logicalMaximum: Int64 = 0
        var reportSize = 0
        var reportCount = 0
        var reportID: UInt8?
    }

    private struct ReportKey: Hashable {
        var kind: ReportDescriptor.Field.Kind
        var reportID: UInt8?
    }

    static let maximumDepth = 16
    static let maximumFieldBits = 1 << 16
    static let maximumUsages = 1024

    var fields: [ReportDescriptor.Field] = []
    var applications: [HIDUsage] = []
    var usesReportIDs = false
    private var globals = Globals()
    private var stack: [Globals] = []
    private var usages: [ClosedRange<UInt32>] = []
    private var usageMinimum: UInt32?
    private var collections: [HIDUsage] = []
    private var offsets: [ReportKey: Int] = [:]

    mutating func parse(_ bytes: [UInt8]) throws(ScannerError) {
        guard !bytes.isEmpty else { throw Self.invalid("the report descriptor is empty") }
        guard bytes.count <= ReportDescriptor.maximumLength else {
            throw Self.invalid("the report descriptor is \(bytes.count) bytes long")
        }
        var index = 0
        while index < bytes.count {
            let prefix = bytes[index]
            if prefix == 0xFE {  // long item: size, tag, data (no long items are defined; skip them)
                guard index + 2 < bytes.count else { throw Self.invalid("truncated long item at byte \(index)") }
                index += 3 + Int(bytes[index + 1])
                continue
            }
            let size = [0, 1, 2, 4][Int(prefix & 0x03)]
            guard index + size < bytes.count else { throw Self.invalid("truncated item at byte \(index)") }
            var value: UInt32 = 0
            for n in 0..<size { value |= UInt32(bytes[index + 1 + n]) << (8 * n) }
            try item(type: (prefix >> 2) & 0x03, tag: prefix >> 4, value: value, size: size)
            index += 1 + size
        }
        guard index == bytes.count else { throw Self.invalid("the last item runs past the end") }
        guard collections.isEmpty else { throw Self.invalid("a collection is never closed") }
    }

    private mutating func item(type: UInt8, tag: UInt8, value: UInt32, size: Int) throws(ScannerError) {
        switch type {
        case 0: try main(tag: tag, value: value)
        case 1: try global(tag: tag, value: value, size: size)
        case 2: try local(tag: tag, value: value, size: size)
        default: break  // reserved item type: ignored, as the specification asks
        }
    }

    private mutating func main(tag: UInt8, value: UInt32) throws(ScannerError) {
        defer {
            usages = []
            usageMinimum = nil
        }
        switch tag {
        case 0x8: try addField(.input, flags: value)
        case 0x9: try addField(.output, flags: value)
        case 0xB: try addField(.feature, flags: value)
        case 0xA:
            guard collections.count < Self.maximumDepth else { throw Self.invalid("collections nest too deep") }
            let usage = usages.first.map { HIDUsage(extended: $0.lowerBound) } ?? HIDUsage(page: 0, id: 0)
            if collections.isEmpty && value & 0xFF == 0x01 { applications.append(usage) }
            collections.append(usage)
        case 0xC:
            guard !collections.isEmpty else { throw Self.invalid("End Collection without a collection") }
            collections.removeLast()
        default:
            throw Self.invalid("unknown main item tag 0x\(String(tag, radix: 16))")
        }
    }

    private mutating func addField(_ kind: ReportDescriptor.Field.Kind, flags: UInt32) throws(ScannerError) {
        // Report Size and Report Count come from the device as 32-bit values: bound each before multiplying.
        guard globals.reportSize <= 32, globals.reportCount <= Self.maximumFieldBits else {
            throw Self.invalid("a field of \(globals.reportCount) x \(globals.reportSize) bits")
        }
        let bits = globals.reportSize * globals.reportCount  // at most 32 * 65,536
        guard bits <= Self.maximumFieldBits else {
            throw Self.invalid("a field of \(globals.reportCount) x \(globals.reportSize) bits")
        }
        let key = ReportKey(kind: kind, reportID: globals.reportID)
        let offset = offsets[key, default: 0]
        guard offset + bits <= Self.maximumFieldBits else { throw Self.invalid("a report longer than 8 KiB") }
        offsets[key] = offset + bits
        guard bits > 0 else { return }
        fields.append(
            ReportDescriptor.Field(
                kind: kind, reportID: globals.reportID, bitOffset: offset, bitSize: globals.reportSize,
                count: globals.reportCount, isConstant: flags & 0x01 != 0, isVariable: flags & 0x02 != 0,
                usages: usages, logicalMaximum: globals.logicalMaximum, collections: collections))
    }

    private mutating func global(tag: UInt8, value: UInt32, size: Int) throws(ScannerError) {
        switch tag {
        case 0x0: globals.usagePage = UInt16(truncatingIfNeeded: value)
        case 0x2: globals.logicalMaximum = Self.signed(value, size: size)
        case 0x7: globals.reportSize = Int(value)
        case 0x9: globals.reportCount = Int(value)
        case 0x8:
            guard value > 0, value <= 0xFF else { throw Self.invalid("report ID \(value) is not 1-255") }
            globals.reportID = UInt8(value)
            usesReportIDs = true
        case 0xA:
            guard stack.count < Self.maximumDepth else { throw Self.invalid("Push nests too deep") }
            stack.append(globals)
        case 0xB:
            guard let top = stack.popLast() else { throw Self.invalid("Pop without Push") }
            globals = top
        default: break  // logical minimum, physical extent, units: not needed to locate fields
        }
    }

    private mutating func local(tag: UInt8, value: UInt32, size: Int) throws(ScannerError) {
        let extended = size == 4 ? value : UInt32(globals.usagePage) << 16 | (value & 0xFFFF)
        switch tag {
        case 0x0: try addUsages(extended...extended)
        case 0x1: usageMinimum = extended
        case 0x2:
            guard let minimum = usageMinimum, minimum <= extended else {
                throw Self.invalid("Usage Maximum without a smaller Usage Minimum")
            }
            try addUsages(minimum...extended)
            usageMinimum = nil
        default: break  // designators and strings
        }
    }

    private mutating func addUsages(_ range: ClosedRange<UInt32>) throws(ScannerError) {
        guard usages.count < Self.maximumUsages else { throw Self.invalid("too many usages for one item") }
        usages.append(range)
    }

    private static func signed(_ value: UInt32, size: Int) -> Int64 {
        switch size {
        case 1: return Int64(Int8(truncatingIfNeeded: value))
        case 2: return Int64(Int16(truncatingIfNeeded: value))
        case 4: return Int64(Int32(bitPattern: value))
        default: return 0
        }
    }

    private static func invalid(_ reason: String) -> ScannerError {
        ScannerError(.descriptorInvalid, reason)
    }
}
