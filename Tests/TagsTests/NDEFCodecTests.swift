import Foundation
import Tags
import LabelgateCore
import Testing

/// The NDEF codec against vectors made by ndeflib (fixtures/ndef/), and its refusals of broken input.
@Suite struct NDEFCodecTests {
    struct Vector: Decodable {
        struct Record: Decodable {
            let tnf: UInt8
            let type: String
            let id: String
            let payload: String
            let uri: String?
            let text: String?
            let language: String?
        }
        let hex: String
        let records: [Record]
    }

    static let vectorNames = [
        "uri-https", "uri-tel", "uri-no-prefix", "text-en", "text-utf16", "mime", "external", "long-record", "with-id",
        "multi",
    ]

    static func vector(_ name: String) throws -> Vector {
        let url = PN532Emulator.repositoryRoot.appendingPathComponent("fixtures/ndef/\(name).json")
        return try JSONDecoder().decode(Vector.self, from: Data(contentsOf: url))
    }

    @Test(arguments: vectorNames)
    func decodesAndReencodesIndependentVector(_ name: String) throws {
        let vector = try Self.vector(name)
        let message = try NDEFMessage.decode(TestHex.bytes(vector.hex))
        #expect(message.records.count == vector.records.count)
        for (record, expected) in zip(message.records, vector.records) {
            #expect(record.format.rawValue == expected.tnf)
            #expect(record.type == TestHex.bytes(expected.type))
            #expect(record.id == TestHex.bytes(expected.id))
            #expect(record.payload == TestHex.bytes(expected.payload))
            if let uri = expected.uri { #expect(try NDEFWellKnown.uri(from: record) == uri) }
            if let text = expected.text {
                let decoded = try NDEFWellKnown.text(from: record)
                #expect(decoded.text == text)
                #expect(decoded.language == expected.language)
            }
        }
        #expect(message.encoded() == TestHex.bytes(vector.hex))
    }

    @Test func encodesURIAndTextLikeNdeflib() throws {
        #expect(NDEFMessage(records: [NDEFWellKnown.uri("https://labelgate.org/verify")]).encoded()
            == TestHex.bytes(try Self.vector("uri-https").hex))
        #expect(NDEFMessage(records: [NDEFWellKnown.text("Cell therapy bag", language: "en")]).encoded()
            == TestHex.bytes(try Self.vector("text-en").hex))
    }

    @Test func refusesRecordLengthPastEndOfMessage() {
        // Short record claiming a 0x20-byte payload with 3 bytes present.
        #expect(throws: NDEFError(.brokenRecord, "")) { try NDEFMessage.decode([0xD1, 0x01, 0x20, 0x55, 0x04, 0x61]) }
    }

    @Test func refusesMessageWithoutEndFlagOrWithChunks() {
        #expect(throws: NDEFError(.brokenRecord, "")) { try NDEFMessage.decode([0x91, 0x01, 0x01, 0x55, 0x00]) }
        #expect(throws: NDEFError(.chunked, "")) { try NDEFMessage.decode([0xF1, 0x01, 0x01, 0x55, 0x00]) }
    }

    @Test func refusesUnknownTLVType() {
        #expect(throws: NDEFError(.brokenTLV, "")) { try Type2TLV.ndefMessage(in: [0x42, 0x01, 0x00, 0xFE]) }
    }

    @Test func refusesNDEFLengthPastEndOfMemory() {
        var area = [UInt8](repeating: 0, count: 144)
        area[0...3] = [0x03, 0xFF, 0x02, 0x00]  // 512 bytes on a 144-byte NTAG213
        #expect(throws: NDEFError(.brokenTLV, "")) { try Type2TLV.ndefMessage(in: area) }
        area[0...1] = [0x03, 0x95]  // 149 bytes: one past the end
        #expect(throws: NDEFError(.brokenTLV, "")) { try Type2TLV.ndefMessage(in: area) }
    }

    @Test func skipsNullAndLockControlTLVs() throws {
        let message: [UInt8] = [0xD1, 0x01, 0x02, 0x55, 0x00, 0x61]
        let area: [UInt8] = [0x00, 0x01, 0x03, 0xA0, 0x10, 0x44, 0x03, UInt8(message.count)] + message + [0xFE]
        #expect(try Type2TLV.ndefMessage(in: area) == message)
    }

    @Test func writesLongTLVLengthForLargeMessages() throws {
        let message = [UInt8](repeating: 0x41, count: 300)
        let area = try Type2TLV.area(for: message, capacity: 504)
        #expect(Array(area.prefix(4)) == [0x03, 0xFF, 0x01, 0x2C])
        #expect(try Type2TLV.ndefMessage(in: area) == message)
        #expect(throws: NDEFError(.tooLarge, "")) { try Type2TLV.area(for: message, capacity: 144) }
    }

    @Test func refusesClaimRecordWithWrongLength() throws {
        let bound = try TagClaimRecord.boundBytes(aimIdentifier: "]d1", payload: Array("=W1234".utf8))
        var record = TagClaimRecord.message(boundBytes: bound, mac: [UInt8](repeating: 7, count: 16))
        #expect(try TagClaimRecord.decode(record).payload == Array("=W1234".utf8))
        record.records[0].payload.removeLast()
        #expect(throws: NDEFError(.badClaim, "")) { try TagClaimRecord.decode(record) }
        #expect(throws: NDEFError(.noClaim, "")) {
            try TagClaimRecord.decode(NDEFMessage(records: [NDEFWellKnown.uri("https://labelgate.org")]))
        }
    }
}
