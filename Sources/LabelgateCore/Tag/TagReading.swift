/// The kind of Type 2 tag, as identified by GET_VERSION (or its absence).
public enum TagProduct: String, Hashable, Sendable, Codable {
    /// NTAG213: 144 user bytes.
    case ntag213
    /// NTAG215: 504 user bytes.
    case ntag215
    /// NTAG216: 888 user bytes.
    case ntag216
    /// MIFARE Ultralight EV1 (48 or 128 bytes).
    case ultralightEV1
    /// MIFARE Ultralight (no GET_VERSION, no originality signature): 48 user bytes.
    case ultralight

    /// Identifies the product from the 8-byte GET_VERSION answer; nil when it is not one labelgate writes.
    public init?(version: [UInt8]) {
        guard version.count == 8, version[1] == 0x04 else { return nil }
        switch (version[2], version[6]) {
        case (0x04, 0x0F): self = .ntag213
        case (0x04, 0x11): self = .ntag215
        case (0x04, 0x13): self = .ntag216
        case (0x03, 0x0B), (0x03, 0x0E): self = .ultralightEV1
        default: return nil
        }
    }

    /// Total number of 4-byte pages.
    public var pageCount: Int {
        switch self {
        case .ntag213: return 45
        case .ntag215: return 135
        case .ntag216: return 231
        case .ultralightEV1: return 20
        case .ultralight: return 16
        }
    }

    /// First page after the user data area (the dynamic lock or configuration pages start here).
    public var userEndPage: Int {
        switch self {
        case .ntag213: return 40
        case .ntag215: return 130
        case .ntag216: return 226
        case .ultralightEV1: return 16
        case .ultralight: return 16
        }
    }

    /// Page of CFG0 (AUTH0 in its byte 3); nil for Ultralight without configuration pages.
    public var configPage: Int? {
        switch self {
        case .ntag213: return 0x29
        case .ntag215: return 0x83
        case .ntag216: return 0xE3
        case .ultralightEV1: return 0x10
        case .ultralight: return nil
        }
    }

    /// Bytes of user data (from page 4 to `userEndPage`).
    public var dataAreaSize: Int { (userEndPage - 4) * 4 }

    /// True when the tag answers READ_SIG with an originality signature.
    public var hasOriginalitySignature: Bool { self != .ultralight }
}

/// What a reader read from one tag: identity, originality signature and the data area, before any parsing.
public struct TagReading: Hashable, Sendable {
    /// The UID the tag answered anticollision with.
    public var uid: [UInt8]
    /// The product identified by GET_VERSION.
    public var product: TagProduct
    /// The 32-byte READ_SIG answer, or nil when the tag has none.
    public var signature: [UInt8]?
    /// The data area from page 4, as far as the reader needed to read it.
    public var dataArea: [UInt8]

    /// Creates a reading.
    public init(uid: [UInt8], product: TagProduct, signature: [UInt8]?, dataArea: [UInt8]) {
        self.uid = uid
        self.product = product
        self.signature = signature
        self.dataArea = dataArea
    }
}

/// What a tag-borne claim carries beyond the label payload: the tag it was read from and the binding to it.
public struct TagEvidence: Hashable, Sendable {
    /// The UID of the tag the claim was read from.
    public var uid: [UInt8]
    /// The tag product.
    public var product: TagProduct
    /// The originality signature the tag returned, if any.
    public var signature: [UInt8]?
    /// The claim record's bytes that the binding MAC covers (everything in the record before the MAC).
    public var boundBytes: [UInt8]
    /// The binding MAC stored on the tag.
    public var bindingMAC: [UInt8]

    /// Creates evidence.
    public init(uid: [UInt8], product: TagProduct, signature: [UInt8]?, boundBytes: [UInt8], bindingMAC: [UInt8]) {
        self.uid = uid
        self.product = product
        self.signature = signature
        self.boundBytes = boundBytes
        self.bindingMAC = bindingMAC
    }
}
