/// The versioned, canonical byte encoding of a record's identity and one label's particulars.
///
/// Version 1 (see `docs/identity-hash.md`): the ASCII domain tag `labelgate.identity`, a 0x00 byte, the version
/// byte 0x01, then eleven fields in a fixed order, each as `tag (1 byte) | length (2 bytes, big-endian) | value`.
/// Text values are UTF-8 after `CanonicalText.normalize`; an absent optional field has length 0.
public enum CanonicalIdentityEncoding {
    /// The current encoding version.
    public static let currentVersion: UInt8 = 1
    /// The versions this build can compute.
    public static let supportedVersions: Set<UInt8> = [1]
    /// The longest value a field may hold, in bytes.
    public static let maximumFieldBytes = 1024
    /// The domain-separation prefix.
    public static let domain: [UInt8] = Array("labelgate.identity".utf8) + [0x00]

    /// Field tags of version 1, in encoding order.
    public enum Tag: UInt8, CaseIterable, Sendable {
        case coi = 0x01, productCode = 0x02, collectionFacility = 0x03, collectionDate = 0x04
        case familyName = 0x10, givenName = 0x11, dateOfBirth = 0x12, medicalRecordNumber = 0x13
        case din = 0x20, dinFlags = 0x21, serial = 0x22
    }

    /// Encodes `record` and `label` in the given version. Without a label (`nil`), only the record fields are
    /// encoded (the record fingerprint's message).
    public static func encode(
        _ record: COIRecord, label: LabelParticulars?, version: UInt8 = currentVersion
    ) throws(IdentityError) -> [UInt8] {
        guard supportedVersions.contains(version) else {
            throw IdentityError(.unsupportedVersion, "identity encoding version \(version) is not supported")
        }
        var out: [UInt8] = []
        // Usually one allocation: a typical message is about 150 bytes (a longer one just grows).
        out.reserveCapacity(256)
        out.append(contentsOf: domain)
        out.append(version)
        /// Appends `tag | length | value`, copying the value's UTF-8 straight into `out`.
        func append(_ tag: Tag, _ value: String) throws(IdentityError) {
            let count = value.utf8.count
            guard count <= maximumFieldBytes else {
                throw IdentityError(.fieldTooLong, "field \(tag) is longer than \(maximumFieldBytes) bytes")
            }
            out.append(tag.rawValue)
            out.append(UInt8(count >> 8))
            out.append(UInt8(count & 0xFF))
            out.append(contentsOf: value.utf8)
        }
        try append(.coi, record.coi.content)
        try append(.productCode, record.productCode.content)
        try append(.collectionFacility, CanonicalText.normalize(record.collectionFacility))
        try append(.collectionDate, record.collectionDate)
        try append(.familyName, CanonicalText.normalize(record.patient.familyName))
        try append(.givenName, CanonicalText.normalize(record.patient.givenName))
        try append(.dateOfBirth, record.patient.dateOfBirth)
        try append(.medicalRecordNumber, CanonicalText.normalize(record.patient.medicalRecordNumber ?? ""))
        if let label {
            try append(.din, label.din.identifier)
            try append(.dinFlags, label.din.flags.encoded)
            // The serial as `LabelSerial.text` spells it (ten digits, zero-padded), written digit by digit instead of
            // formatting a String: a serial is at most 9_999_999_999, so it always fits the ten digits.
            out.append(Tag.serial.rawValue)
            out.append(0)
            out.append(UInt8(LabelSerial.digits))
            let end = out.count + LabelSerial.digits
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: LabelSerial.digits))
            var rest = label.serial.value
            var index = end
            while rest > 0, index > end - LabelSerial.digits {
                index -= 1
                out[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        return out
    }
}
