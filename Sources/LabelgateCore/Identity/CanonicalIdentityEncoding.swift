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

    /// Encodes `record` and `label` in the given version.
    public static func encode(
        _ record: COIRecord, label: LabelParticulars, version: UInt8 = currentVersion
    ) throws(IdentityError) -> [UInt8] {
        guard supportedVersions.contains(version) else {
            throw IdentityError(.unsupportedVersion, "identity encoding version \(version) is not supported")
        }
        var out = domain
        out.append(version)
        let fields: [(Tag, String)] = [
            (.coi, record.coi.content),
            (.productCode, record.productCode.content),
            (.collectionFacility, CanonicalText.normalize(record.collectionFacility)),
            (.collectionDate, record.collectionDate),
            (.familyName, CanonicalText.normalize(record.patient.familyName)),
            (.givenName, CanonicalText.normalize(record.patient.givenName)),
            (.dateOfBirth, record.patient.dateOfBirth),
            (.medicalRecordNumber, CanonicalText.normalize(record.patient.medicalRecordNumber ?? "")),
            (.din, label.din.identifier),
            (.dinFlags, label.din.flags.encoded),
            (.serial, label.serial.text),
        ]
        for (tag, value) in fields {
            let bytes = Array(value.utf8)
            guard bytes.count <= maximumFieldBytes else {
                throw IdentityError(.fieldTooLong, "field \(tag) is longer than \(maximumFieldBytes) bytes")
            }
            out.append(tag.rawValue)
            out.append(UInt8(bytes.count >> 8))
            out.append(UInt8(bytes.count & 0xFF))
            out.append(contentsOf: bytes)
        }
        return out
    }
}
