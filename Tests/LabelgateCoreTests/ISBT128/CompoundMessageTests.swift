import Testing
@testable import LabelgateCore

@Suite struct CompoundMessageTests {
    @Test func parsesAndFormatsTheDataStructure() throws {
        let header = try CompoundMessage(dataStructure: "=+04000")
        #expect(header.count == 4)
        #expect(header.sequenceID == "000")
        #expect(header.isOrderUndefined)
        #expect(header.content == "04000")
        #expect(header.dataStructure == "=+04000")
        #expect(try CompoundMessage(count: 12, sequenceID: "017").dataStructure == "=+12017")
    }

    @Test func rejectsZeroCountAndNonDigitContent() {
        #expect(throws: isbtError(.invalidContent)) { try CompoundMessage(content: "00000") }
        #expect(throws: isbtError(.invalidContent)) { try CompoundMessage(content: "0A000") }
        #expect(throws: isbtError(.invalidContent)) { try CompoundMessage(count: 100) }
        #expect(throws: isbtError(.invalidContent)) { try CompoundMessage(count: 2, sequenceID: "01") }
        #expect(throws: isbtError(.truncated)) { try CompoundMessage(dataStructure: "=+0400") }
    }
}
