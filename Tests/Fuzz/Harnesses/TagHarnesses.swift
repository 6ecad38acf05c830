import LabelgateCore

/// NDEF messages, the Type 2 TLV layer and the labelgate claim record.
enum TagHarnesses {
    /// Decoding never traps; a decoded message re-encodes to one that decodes to itself and is never longer than the
    /// input (only the short-record and ID-length choices may differ); a message built from the input round-trips.
    static func ndef(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        if input.byte() & 0x07 == 0 {
            try ndefBuilt(&input)
            return
        }
        let bytes = input.rest()
        guard let message = try? NDEFMessage.decode(bytes) else { return }
        let encoded = message.encoded()
        try check(encoded.count <= bytes.count, "re-encoding grew \(bytes.count) to \(encoded.count) bytes")
        guard let again = try? NDEFMessage.decode(encoded) else { throw FuzzFailure("the re-encoded message fails") }
        try check(again == message, "decode(encode(m)) != m")
        for record in message.records {
            if let uri = try? NDEFWellKnown.uri(from: record) {
                try check((try? NDEFWellKnown.uri(from: NDEFWellKnown.uri(uri))) == uri, "URI record round trip")
            }
            _ = try? NDEFWellKnown.text(from: record)
        }
        _ = try? TagClaimRecord.decode(message)
    }

    private static func ndefBuilt(_ input: inout FuzzInput) throws(FuzzFailure) {
        var records: [NDEFRecord] = []
        for _ in 0..<(1 + input.int(below: 4)) {
            let formats: [NDEFRecord.TypeNameFormat] = [.wellKnown, .media, .absoluteURI, .external, .unknown, .empty]
            let format = input.pick(formats)
            if format == .empty {
                records.append(NDEFRecord(format: .empty, type: [], payload: []))
                continue
            }
            var type = input.chunk()
            if format != .unknown && type.isEmpty { type = [0x55] }
            let id = input.bool() ? input.chunk() : []
            let payload = input.bytes(input.int(below: 700))
            records.append(NDEFRecord(format: format, type: type, id: id, payload: payload))
        }
        let message = NDEFMessage(records: records)
        let decoded: NDEFMessage
        do { decoded = try NDEFMessage.decode(message.encoded()) } catch {
            throw FuzzFailure("a built message fails to decode: \(error)")
        }
        try check(decoded == message, "decode(encode(m)) != m for a built message")
    }

    /// The TLV walk never traps, reads incrementally the same answer as all at once, and stays inside the capacity;
    /// a message wrapped by `area(for:capacity:)` is found again unchanged.
    static func type2TLV(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let capacity = input.int(below: 1024)
        if input.byte() & 0x03 == 0 {
            let message = input.bytes(input.int(below: 1100))
            guard let area = try? Type2TLV.area(for: message, capacity: capacity) else { return }
            try check(area.count <= capacity && area.count % 4 == 0, "an area of \(area.count) for \(capacity)")
            guard !message.isEmpty else { return }
            try check((try? Type2TLV.ndefMessage(in: area)) == message, "area(for:) does not round-trip")
            return
        }
        let area = Array(input.rest().prefix(capacity))
        let whole = Result { () throws(NDEFError) in try Type2TLV.locateNDEF(in: area, capacity: capacity) }
        if case .success(let found?) = whole {
            try check(found.offset >= 2 && found.length > 0 && found.offset + found.length <= capacity, "\(found)")
        }
        // Read 16 bytes at a time as the tag reader does: every prefix answers "more" or the whole area's answer.
        var end = 0
        while end < area.count {
            end = min(area.count, end + 16)
            let partial = Result { () throws(NDEFError) in
                try Type2TLV.locateNDEF(in: Array(area[..<end]), capacity: capacity)
            }
            if case .success(nil) = partial { continue }
            try check(same(partial, whole), "prefix \(end) of \(area.count) answers \(partial), all of it \(whole)")
            break
        }
        if area.count == capacity, case .success(let found?) = whole {
            try check((try? Type2TLV.ndefMessage(in: area)) == Array(area[found.offset..<found.offset + found.length]),
                "ndefMessage(in:) disagrees with locateNDEF")
        }
    }

    private static func same(
        _ a: Result<(offset: Int, length: Int)?, NDEFError>, _ b: Result<(offset: Int, length: Int)?, NDEFError>
    ) -> Bool {
        switch (a, b) {
        case (.success(let x), .success(let y)): return x?.offset == y?.offset && x?.length == y?.length
        case (.failure(let x), .failure(let y)): return x.code == y.code
        default: return false
        }
    }

    private static let salt: IdentitySalt = {
        guard let salt = try? IdentitySalt(bytes: Array(0..<16)) else { preconditionFailure("a 16-byte salt") }
        return salt
    }()

    /// A tag reading (from raw area bytes, or a claim record built around a fuzzed AIM and payload) never traps the
    /// path to a claim; a record built with the gate's MAC decodes to its parts and its binding verifies on its UID
    /// only.
    static func tagClaim(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let product = input.pick([TagProduct.ntag213, .ntag215, .ntag216, .ultralightEV1, .ultralight])
        let uid = input.bytes(7)
        let parser = ScanParser()
        if input.bool() {
            let reading = TagReading(uid: uid, product: product, signature: nil, dataArea: input.rest())
            _ = try? TagClaimRecord.claim(from: reading, parser: parser)
            return
        }
        let aim = String(decoding: [UInt8(ascii: "]")] + input.text(2, from: Alphabet.printable).utf8, as: UTF8.self)
        let payload = input.bytes(input.int(below: 900))
        guard let bound = try? TagClaimRecord.boundBytes(aimIdentifier: aim, payload: payload) else { return }
        let mac = TagClaimRecord.bindingMAC(uid: uid, boundBytes: bound, salt: salt)
        let message = TagClaimRecord.message(boundBytes: bound, mac: mac)
        guard let area = try? Type2TLV.area(for: message.encoded(), capacity: product.dataAreaSize) else { return }
        let reading = TagReading(uid: uid, product: product, signature: nil, dataArea: area)
        let decoded: (aimIdentifier: String, payload: [UInt8], boundBytes: [UInt8], mac: [UInt8])
        do {
            decoded = try TagClaimRecord.decode(NDEFMessage.decode(Type2TLV.ndefMessage(in: reading.dataArea)))
        } catch {
            throw FuzzFailure("a claim record written by the gate does not decode: \(error)")
        }
        try check(decoded.aimIdentifier == aim && decoded.payload == payload, "claim record round trip")
        try check(decoded.boundBytes == bound && decoded.mac == mac, "claim record bound bytes or MAC")
        let evidence = TagEvidence(
            uid: uid, product: product, signature: nil, boundBytes: decoded.boundBytes, bindingMAC: decoded.mac)
        try check(TagClaimRecord.verifyBinding(evidence, salt: salt), "the binding does not verify")
        let otherUID = uid.isEmpty ? [1] : [uid[0] ^ 1] + uid.dropFirst()
        let moved = TagEvidence(
            uid: otherUID, product: product, signature: nil, boundBytes: decoded.boundBytes, bindingMAC: decoded.mac)
        try check(!TagClaimRecord.verifyBinding(moved, salt: salt), "the binding verifies on another UID")
        _ = try? TagClaimRecord.claim(from: reading, parser: parser)
    }
}
