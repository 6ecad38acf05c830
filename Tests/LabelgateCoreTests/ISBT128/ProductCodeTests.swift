import Testing
@testable import LabelgateCore

@Suite struct ProductCodeTests {
    @Test func parsesAndFormatsTheDataStructure() throws {
        let code = try ProductCode(dataStructure: "=<S1234100")
        #expect(code.descriptionCode == "S1234")
        #expect(code.collectionType == "1")
        #expect(code.divisions == "00")
        #expect(code.content == "S1234100")
        #expect(code.dataStructure == "=<S1234100")
        #expect(code.isUndivided)
        #expect(try ProductCode(content: code.content) == code)
    }

    @Test func detectsAutologousCellularTherapyCollectionTypes() throws {
        for type in ["A", "1", "X"] {
            let code = try ProductCode(content: "S1295\(type)00")
            #expect(code.isCellularTherapy)
            #expect(code.isAutologous, "t = \(type)")
        }
    }

    @Test func treatsOtherCollectionTypesAsNotAutologous() throws {
        for type in ["V", "2", "L", "3", "E", "0"] {
            #expect(!(try ProductCode(content: "S1295\(type)00")).isAutologous, "t = \(type)")
        }
    }

    @Test func ignoresCollectionTypeForFamiliesWithoutOne() throws {
        let tissue = try ProductCode(content: "T1234100")
        #expect(!tissue.hasCollectionType)
        #expect(!tissue.isAutologous)
        #expect(!tissue.isCellularTherapy)
        #expect(try ProductCode(content: "X0123100").isAutologous)
        #expect(!(try ProductCode(content: "X5123100")).isAutologous)
        #expect(try ProductCode(content: "E0001A00").isAutologous)
    }

    @Test func acceptsDivisionCodesAndClinicalTrialDescriptionCodes() throws {
        #expect(try ProductCode(content: "S12954Ab").divisions == "Ab")
        #expect(try ProductCode(content: "S1295V99").divisions == "99")
        #expect(try ProductCode(content: "YA0001A0").descriptionCode == "YA000")
    }

    @Test func rejectsContentThatBreaksCharacterRules() {
        #expect(throws: isbtError(.invalidContent)) { try ProductCode(content: "11234100") }
        #expect(throws: isbtError(.invalidContent)) { try ProductCode(content: "s1234100") }
        #expect(throws: isbtError(.invalidContent)) { try ProductCode(content: "S12a4100") }
        #expect(throws: isbtError(.invalidContent)) { try ProductCode(content: "S1234-00") }
        #expect(throws: isbtError(.invalidContent)) { try ProductCode(content: "S12341a0") }
        #expect(throws: isbtError(.invalidContent)) { try ProductCode(content: "S12341AB") }
    }

    @Test func rejectsWrongLengthsAndIdentifiers() {
        #expect(throws: isbtError(.truncated)) { try ProductCode(content: "S123410") }
        #expect(throws: isbtError(.trailingData)) { try ProductCode(content: "S12341000") }
        #expect(throws: isbtError(.invalidContent)) { try ProductCode(dataStructure: "=>S1234100") }
    }
}
