/// A parsed HID report descriptor: the input fields of each report, with their bit positions and usages.
///
/// The parser follows the item grammar of the HID 1.11 specification (short and long items, global push/pop,
/// local usages and usage ranges, nested collections). It never traps: anything truncated, unbalanced or
/// absurdly large is a `descriptorInvalid` error, because a descriptor is input from a device.
public struct ReportDescriptor: Sendable, Hashable {
    /// One main item's data: `count` elements of `bitSize` bits starting at `bitOffset` in its report.
    public struct Field: Sendable, Hashable {
        /// Input, output or feature.
        public enum Kind: Sendable, Hashable {
            /// Device to host.
            case input
            /// Host to device.
            case output
            /// Either direction, on request.
            case feature
        }

        /// Which kind of report carries it.
        public var kind: Kind
        /// The report ID, or nil when the descriptor declares none (then reports carry no ID byte).
        public var reportID: UInt8?
        /// Bit offset of the first element after the report ID byte.
        public var bitOffset: Int
        /// Bits per element.
        public var bitSize: Int
        /// Number of elements.
        public var count: Int
        /// Constant (padding) rather than data.
        public var isConstant: Bool
        /// Variable (each element has its own usage) rather than an array of usage indices.
        public var isVariable: Bool
        /// Declared usages, as ranges (a single usage is a one-element range).
        public var usages: [ClosedRange<UInt32>]
        /// Logical maximum.
        public var logicalMaximum: Int64
        /// The usages of the enclosing collections, outermost first.
        public var collections: [HIDUsage]

        /// The usage of element `index` of a variable field (the last usage repeats, as the specification says).
        public func usage(ofElement index: Int) -> HIDUsage? {
            var remaining = index
            for range in usages {
                let size = Int(range.upperBound - range.lowerBound) + 1
                if remaining < size { return HIDUsage(extended: range.lowerBound + UInt32(remaining)) }
                remaining -= size
            }
            return usages.last.map { HIDUsage(extended: $0.upperBound) }
        }

        /// The index of the first element whose usage is `usage`, if any.
        public func firstElement(withUsage usage: HIDUsage) -> Int? {
            guard isVariable, !isConstant else { return nil }
            let value = UInt32(usage.page) << 16 | UInt32(usage.id)
            var index = 0
            for range in usages {
                if range.contains(value) { return index + Int(value - range.lowerBound) }
                index += Int(range.upperBound - range.lowerBound) + 1
            }
            return nil
        }
    }

    /// The longest descriptor read (the HID class descriptor's length field is 16 bits; real ones are < 1 KiB).
    public static let maximumLength = 4096

    /// Every main data item, in order.
    public let fields: [Field]
    /// Usages of the top-level application collections.
    public let applicationCollections: [HIDUsage]
    /// Whether reports carry an ID byte.
    public let usesReportIDs: Bool

    /// Parses `bytes`.
    public init(parsing bytes: [UInt8]) throws(ScannerError) {
        var parser = ReportDescriptorParser()
        try parser.parse(bytes)
        fields = parser.fields
        applicationCollections = parser.applications
        usesReportIDs = parser.usesReportIDs
    }

    /// The length in bytes of input report `reportID`, including its ID byte; 0 if there is no such report.
    public func inputReportLength(reportID: UInt8?) -> Int {
        let bits =
            fields.filter { $0.kind == .input && $0.reportID == reportID }
            .map { $0.bitOffset + $0.bitSize * $0.count }.max() ?? 0
        guard bits > 0 else { return 0 }
        return (bits + 7) / 8 + (reportID == nil ? 0 : 1)
    }

    /// The usage pages of the top-level application collections (0x8C for a HID POS scanner, 0x01 for a keyboard).
    public var applicationUsagePages: [UInt16] { applicationCollections.map(\.page) }
}
