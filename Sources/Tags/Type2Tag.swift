import LabelgateCore

/// NFC Forum Type 2 commands (NTAG21x, MIFARE Ultralight) on a selected tag. Runs on the session thread.
struct Type2Tag {
    let device: NFCDevice
    let uid: [UInt8]

    static let read: UInt8 = 0x30
    static let fastRead: UInt8 = 0x3A
    static let write: UInt8 = 0xA2
    static let getVersion: UInt8 = 0x60
    static let readSignature: UInt8 = 0x3C
    static let passwordAuthenticate: UInt8 = 0x1B

    /// GET_VERSION; a tag that does not answer it but is still in the field is a MIFARE Ultralight.
    func identify() throws(TagError) -> TagProduct {
        do throws(TagError) {
            let version = try device.transceive([Self.getVersion], raw: true)
            guard let product = TagProduct(version: version) else {
                throw TagError(.unsupportedTag, "GET_VERSION \(TagHex.string(version)) is not an NTAG21x or Ultralight EV1")
            }
            return product
        } catch where error.code == .removed {
            // Ultralight has no GET_VERSION and goes idle after it: select it again to tell it from a removed tag.
            device.deselect()
            guard let again = try device.selectTypeA() else { throw error }
            guard again == uid else { throw TagError(.otherTag, "another tag entered the field") }
            return .ultralight
        }
    }

    /// READ_SIG: the 32-byte originality signature.
    func signature() throws(TagError) -> [UInt8] {
        let answer = try device.transceive([Self.readSignature, 0x00], raw: true)
        guard answer.count == 32 else { throw TagError(.unsupportedTag, "READ_SIG answered \(answer.count) bytes") }
        return answer
    }

    /// READ: 16 bytes from `page`.
    func read(page: Int) throws(TagError) -> [UInt8] {
        let answer = try device.transceive([Self.read, try Self.address(page)], raw: false)
        guard answer.count == 16 else { throw TagError(.removed, "READ answered \(answer.count) bytes") }
        return answer
    }

    /// Pages `start..<end`, with FAST_READ in chunks where the tag has it, READ otherwise.
    func pages(_ start: Int, _ end: Int, product: TagProduct) throws(TagError) -> [UInt8] {
        var out: [UInt8] = []
        var page = start
        while page < end {
            if product == .ultralight {
                out += try read(page: page).prefix((end - page) * 4)
                page += 4
            } else {
                let last = min(end, page + 48) - 1
                let answer = try device.transceive(
                    [Self.fastRead, try Self.address(page), try Self.address(last)], raw: true)
                guard answer.count == (last - page + 1) * 4 else {
                    throw TagError(.removed, "FAST_READ answered \(answer.count) bytes")
                }
                out += answer
                page = last + 1
            }
        }
        return out
    }

    /// WRITE one page (4 bytes).
    func write(page: Int, _ data: ArraySlice<UInt8>) throws(TagError) {
        _ = try device.transceive([Self.write, try Self.address(page)] + data, raw: false)
    }

    /// A page number as the one-byte address Type 2 commands carry. Pages come from a tag's own answers (its TLV
    /// lengths), so an address beyond 255 is the tag's lie, refused rather than truncated or trapped on.
    static func address(_ page: Int) throws(TagError) -> UInt8 {
        guard let byte = UInt8(exactly: page) else {
            throw TagError(.badData, "page \(page) is beyond a Type 2 tag's address space")
        }
        return byte
    }

    /// PWD_AUTH; returns PACK.
    func authenticate(password: [UInt8]) throws(TagError) -> [UInt8] {
        do throws(TagError) {
            return try device.transceive([Self.passwordAuthenticate] + password, raw: true)
        } catch where error.code == .refused {
            throw TagError(.authenticationFailed, "the tag refused the password")
        }
    }

    /// The data area from page 4, as far as the NDEF message TLV reaches. A data area whose TLVs are broken is
    /// returned as read, so that the gate refuses it with the parser's typed error (and audits it).
    func dataArea(product: TagProduct) throws(TagError) -> [UInt8] {
        let capacity = product.dataAreaSize
        var area = try read(page: 4)
        if area.count > capacity { area = Array(area.prefix(capacity)) }
        while true {
            let located: (offset: Int, length: Int)?
            do throws(NDEFError) {
                located = try Type2TLV.locateNDEF(in: area, capacity: capacity)
            } catch {
                return area
            }
            let needed = located.map { $0.offset + $0.length } ?? min(capacity, area.count + 16)
            if needed <= area.count { return area }
            let firstPage = 4 + area.count / 4
            let endPage = 4 + (needed + 3) / 4
            area += try pages(firstPage, endPage, product: product)
            if located != nil { return area }
        }
    }
}

/// Hex for logs and reasons (UIDs and versions are not patient data).
enum TagHex {
    static func string(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
