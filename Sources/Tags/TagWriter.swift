import LabelgateCore

/// What to write to one tag (the Tags-side copy of the gate's `TagWritePlan`).
public struct TagWriteRequest: Sendable {
    /// The tag's UID; the write refuses any other tag.
    public var uid: [UInt8]
    /// The data area from page 4 (whole pages).
    public var dataArea: [UInt8]
    /// PWD (4 bytes).
    public var password: [UInt8]
    /// PACK (2 bytes).
    public var passwordAcknowledge: [UInt8]

    /// Creates a request.
    public init(uid: [UInt8], dataArea: [UInt8], password: [UInt8], passwordAcknowledge: [UInt8]) {
        self.uid = uid
        self.dataArea = dataArea
        self.password = password
        self.passwordAcknowledge = passwordAcknowledge
    }
}

/// Writes a data area so that a tag removed at any moment never holds a half-written message that parses:
/// page 4 first becomes an empty NDEF TLV, the rest is written, page 4 (the TLV header) is written last, everything is
/// read back and compared, and only then are PWD, PACK and AUTH0 = 4 set so that the data area is write-protected.
struct TagWriter {
    let tag: Type2Tag
    let plan: TagWriteRequest

    func run() throws(TagError) {
        let product = try tag.identify()
        guard plan.dataArea.count % 4 == 0, plan.dataArea.count <= product.dataAreaSize else {
            throw TagError(.badData, "the data area does not fit a \(product.rawValue)")
        }
        if let config = product.configPage {
            let configuration = try tag.read(page: config)
            if Int(configuration[3]) < product.pageCount {
                let pack = try tag.authenticate(password: plan.password)
                guard pack == plan.passwordAcknowledge else {
                    throw TagError(.authenticationFailed, "the tag answered an unexpected PACK")
                }
            }
        }
        let pages = plan.dataArea.count / 4
        try tag.write(page: 4, [Type2TLV.ndef, 0x00, Type2TLV.terminator, 0x00])
        for index in stride(from: 1, to: pages, by: 1) {
            try tag.write(page: 4 + index, plan.dataArea[(index * 4)..<(index * 4 + 4)])
        }
        try tag.write(page: 4, plan.dataArea[0..<4])
        let readBack = try tag.pages(4, 4 + pages, product: product)
        guard readBack == plan.dataArea else { throw TagError(.verifyFailed, "the tag does not read back as written") }
        guard let config = product.configPage else { return }
        try tag.write(page: config + 2, plan.password[0..<4])
        try tag.write(page: config + 3, (plan.passwordAcknowledge + [0, 0])[0..<4])
        var configuration = Array(try tag.read(page: config).prefix(4))
        configuration[3] = 4
        try tag.write(page: config, configuration[0..<4])
        guard try tag.read(page: config)[3] == 4 else {
            throw TagError(.verifyFailed, "AUTH0 did not read back as written")
        }
    }
}
