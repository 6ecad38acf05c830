/// Where a HID POS (usage page 0x8C) input report keeps its byte count, symbology, data and continuation bit.
///
/// The POS usage tables define usages, not positions, and vendors differ; `honeywell` and `newland` are the two
/// layouts documented in docs/scanners.md, and `init(descriptor:)` derives one from a report descriptor.
public struct HIDPOSLayout: Hashable, Sendable, Codable {
    /// The report ID of scanned-data reports, or nil if reports carry no ID byte.
    public var reportID: UInt8?
    /// Length of a report in bytes, including the ID byte.
    public var reportLength: Int
    /// Offset of the Byte Count (number of valid data bytes in this report).
    public var byteCountOffset: Int
    /// Offset of the three-byte AIM symbology identifier (`]d2`), if the layout carries one.
    public var aimOffset: Int?
    /// Offset of the decoded data.
    public var dataOffset: Int
    /// How many data bytes one report can carry.
    public var dataCapacity: Int
    /// Offset of the byte holding the Decode Data Continued bit.
    public var continuedOffset: Int
    /// Mask of that bit.
    public var continuedMask: UInt8
    /// Offset of a one-byte vendor symbology code (Honeywell Code ID, Newland code), if any.
    public var symbologyOffset: Int?

    /// Creates a layout.
    public init(
        reportID: UInt8?, reportLength: Int, byteCountOffset: Int, aimOffset: Int?, dataOffset: Int,
        dataCapacity: Int, continuedOffset: Int, continuedMask: UInt8, symbologyOffset: Int?
    ) {
        self.reportID = reportID
        self.reportLength = reportLength
        self.byteCountOffset = byteCountOffset
        self.aimOffset = aimOffset
        self.dataOffset = dataOffset
        self.dataCapacity = dataCapacity
        self.continuedOffset = continuedOffset
        self.continuedMask = continuedMask
        self.symbologyOffset = symbologyOffset
    }

    /// Honeywell (and Access-IS): ID 2, count, AIM (3 bytes), 56 data bytes, Code ID, reserved, continuation bit.
    public static let honeywell = HIDPOSLayout(
        reportID: 0x02, reportLength: 64, byteCountOffset: 1, aimOffset: 2, dataOffset: 5, dataCapacity: 56,
        continuedOffset: 63, continuedMask: 0x01, symbologyOffset: 61)

    /// Newland (and ID TECH OEM units): ID 2, count, 56 data bytes, 4 reserved, symbology byte, continuation bit.
    public static let newland = HIDPOSLayout(
        reportID: 0x02, reportLength: 64, byteCountOffset: 1, aimOffset: nil, dataOffset: 2, dataCapacity: 56,
        continuedOffset: 63, continuedMask: 0x01, symbologyOffset: 62)

    /// Derives the layout from a descriptor: the report holding Decoded Data (0x8C:0xFE) must also hold Byte Count
    /// (0x01:0x3B) and Decode Data Continued (0x8C:0xFF), all byte-aligned and inside the report.
    public init(descriptor: ReportDescriptor) throws(ScannerError) {
        let inputs = descriptor.fields.filter { $0.kind == .input && !$0.isConstant }
        func locate(_ usage: HIDUsage, in fields: [ReportDescriptor.Field]) -> (ReportDescriptor.Field, Int)? {
            for field in fields {
                if let element = field.firstElement(withUsage: usage) {
                    return (field, field.bitOffset + element * field.bitSize)
                }
            }
            return nil
        }
        guard let (dataField, dataBit) = locate(.decodedData, in: inputs) else {
            throw ScannerError(.descriptorInvalid, "the descriptor declares no Decoded Data (0x8C:0xFE) input")
        }
        let reportID = dataField.reportID
        let sameReport = inputs.filter { $0.reportID == reportID }
        guard let (countField, countBit) = locate(.byteCount, in: sameReport) else {
            throw ScannerError(.descriptorInvalid, "the Decoded Data report declares no Byte Count (0x01:0x3B)")
        }
        guard let (_, continuedBit) = locate(.decodeDataContinued, in: sameReport) else {
            throw ScannerError(.descriptorInvalid, "the Decoded Data report declares no Decode Data Continued bit")
        }
        guard dataField.bitSize == 8, countField.bitSize == 8, dataBit % 8 == 0, countBit % 8 == 0 else {
            throw ScannerError(.descriptorInvalid, "Decoded Data and Byte Count are not whole bytes")
        }
        let idBytes = reportID == nil ? 0 : 1
        let elementIndex = (dataBit - dataField.bitOffset) / 8
        let length = descriptor.inputReportLength(reportID: reportID)
        var aim: Int?
        var symbology: Int?
        if let (field, bit) = locate(.symbologyIdentifier1, in: sameReport), field.bitSize == 8, bit % 8 == 0 {
            let next = locate(.symbologyIdentifier2, in: sameReport)?.1
            let third = locate(.symbologyIdentifier3, in: sameReport)?.1
            if next == bit + 8 && third == bit + 16 { aim = bit / 8 + idBytes } else { symbology = bit / 8 + idBytes }
        }
        self.init(
            reportID: reportID, reportLength: length, byteCountOffset: countBit / 8 + idBytes, aimOffset: aim,
            dataOffset: dataBit / 8 + idBytes, dataCapacity: dataField.count - elementIndex,
            continuedOffset: continuedBit / 8 + idBytes, continuedMask: UInt8(1) << UInt8(continuedBit % 8),
            symbologyOffset: symbology)
        try validate()
    }

    /// Checks that every field lies inside the report and that data does not overlap the other fields.
    public func validate() throws(ScannerError) {
        guard (1...1024).contains(reportLength), (1...1024).contains(dataCapacity) else {
            throw ScannerError(.descriptorInvalid, "a \(reportLength)-byte report with \(dataCapacity) data bytes")
        }
        let data = dataOffset..<(dataOffset + dataCapacity)
        var singles = [byteCountOffset, continuedOffset]
        if let symbologyOffset { singles.append(symbologyOffset) }
        if let aimOffset { singles += [aimOffset, aimOffset + 1, aimOffset + 2] }
        guard data.lowerBound >= 0, data.upperBound <= reportLength,
            singles.allSatisfy({ $0 >= 0 && $0 < reportLength })
        else {
            throw ScannerError(.descriptorInvalid, "a field lies outside the \(reportLength)-byte report")
        }
        guard singles.allSatisfy({ !data.contains($0) }), (reportID == nil || dataOffset > 0) else {
            throw ScannerError(.descriptorInvalid, "the decoded data overlaps another field")
        }
        // The byte count, the continuation byte, the symbology and AIM bytes and the report ID each need a byte of
        // their own: a layout that shares one would read a count as a flag (or the ID as a count).
        let positions = singles + (reportID == nil ? [] : [0])
        guard Set(positions).count == positions.count else {
            throw ScannerError(.descriptorInvalid, "two fields of the report share a byte")
        }
    }
}
