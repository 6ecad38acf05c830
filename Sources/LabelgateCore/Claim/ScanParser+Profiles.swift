extension ScanParser {
    /// Reads a GS1 element string in the labelgate GS1 profile.
    func claimFromGS1(_ elements: GS1ElementString) throws(ClaimError) -> LabelClaim {
        guard let hashField = elements[format.gs1HashAI] else {
            throw ClaimError(.insufficient, "this GS1 code carries no identity hash (AI \(format.gs1HashAI))")
        }
        guard let gtin = elements["01"], let dinField = elements["10"], let serialField = elements["21"],
            let productField = elements["240"], let coiField = elements[format.gs1COIAI]
        else {
            throw ClaimError(.truncated, "the GS1 code lacks one of AIs 01, 10, 21, 240 or \(format.gs1COIAI)")
        }
        // Exactly the profile's six elements: anything else means this is not the payload labelgate issued.
        guard elements.elements.count == 6 else {
            throw ClaimError(.malformed, "the GS1 code carries elements the labelgate profile does not define")
        }
        let dinUTF8 = dinField.utf8
        guard dinUTF8.count == 15 else { throw ClaimError(.malformed, "AI 10 must hold a 13-character DIN and flags") }
        // GS1 values are ASCII (validated by the element-string parser), so byte 13 is a character boundary.
        let flagsStart = dinUTF8.index(dinUTF8.startIndex, offsetBy: 13)
        let din = try isbt { () throws(ISBT128Error) in
            try DIN(identifier: dinField[..<flagsStart]).with(flags: DINFlags(encoded: dinField[flagsStart...]))
        }
        let product = try isbt { () throws(ISBT128Error) in try ProductCode(content: productField) }
        let coi = try isbt { () throws(ISBT128Error) in try ChainOfIdentityID(content: coiField) }
        guard let serial = LabelSerial(text: serialField) else {
            throw ClaimError(.malformed, "AI 21 must hold a ten-digit label serial")
        }
        let (version, hash) = try Self.versionAndHash(Substring(hashField))
        return LabelClaim(
            coi: coi, din: din, productCode: product, serial: serial, hashVersion: version, hash: hash,
            gtin: gtin)
    }

    /// Reads concatenated ISBT 128 data structures in the labelgate ISBT profile.
    func claimFromISBT(_ data: [UInt8]) throws(ClaimError) -> LabelClaim {
        let structures = try isbt { () throws(ISBT128Error) in try splitter.split(data) }
        var din: DIN?
        var product: ProductCode?
        var coi: ChainOfIdentityID?
        var local: String?
        for structure in structures {
            switch structure {
            case .din(let value): try Self.setOnce(&din, value, name: "DIN")
            case .productCode(let value): try Self.setOnce(&product, value, name: "product code")
            case .chainOfIdentity(let value): try Self.setOnce(&coi, value, name: "COI identifier")
            case .local(let identifier, let content) where identifier == format.isbtLocalIdentifier:
                try Self.setOnce(&local, content, name: "identity structure \(identifier)")
            case .compoundMessage, .local, .other:
                throw ClaimError(.malformed, "the ISBT 128 code carries structures the labelgate profile does not define")
            }
        }
        guard let local else {
            throw ClaimError(.insufficient, "this ISBT 128 code carries no identity hash; scan the 2-D symbol")
        }
        guard let din, let product, let coi else {
            throw ClaimError(.truncated, "the ISBT 128 code lacks its DIN, product code or COI identifier")
        }
        // `version (1) + serial (10) + hash (32)`, read in place. The splitter only yields printable ASCII, so byte
        // offsets are character boundaries.
        let utf8 = local.utf8
        guard utf8.count == LabelPayloadFormat.isbtLocalContentLength else {
            throw ClaimError(.malformed, "the identity structure must hold a version, a ten-digit serial and a hash")
        }
        let serialStart = utf8.index(after: utf8.startIndex)
        let hashStart = utf8.index(serialStart, offsetBy: LabelSerial.digits)
        guard let serial = LabelSerial(text: local[serialStart..<hashStart]) else {
            throw ClaimError(.malformed, "the identity structure must hold a version, a ten-digit serial and a hash")
        }
        let (version, hash) = try Self.versionAndHash(version: utf8.first, hash: local[hashStart...])
        return LabelClaim(coi: coi, din: din, productCode: product, serial: serial, hashVersion: version, hash: hash)
    }

    /// Splits `version digit + 32 base32 characters`.
    static func versionAndHash(_ field: Substring) throws(ClaimError) -> (UInt8, IdentityHash) {
        try versionAndHash(version: field.utf8.first, hash: field.dropFirst())
    }

    /// Reads the version digit `first` and the 32 base32 characters `hash` that follow it.
    static func versionAndHash(version first: UInt8?, hash: Substring) throws(ClaimError) -> (UInt8, IdentityHash) {
        guard let first, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) else {
            throw ClaimError(.badHash, "the identity hash field must start with its version digit")
        }
        let version = first - UInt8(ascii: "0")
        guard CanonicalIdentityEncoding.supportedVersions.contains(version) else {
            throw ClaimError(.unsupportedVersion, "identity hash version \(version) is not supported by this build")
        }
        do {
            return (version, try IdentityHash(text: hash))
        } catch {
            throw ClaimError.from(error)
        }
    }

    /// `name` is only formatted for the error.
    private static func setOnce<T>(_ slot: inout T?, _ value: T, name: @autoclosure () -> String) throws(ClaimError) {
        guard slot == nil else { throw ClaimError(.malformed, "the scan carries the \(name()) twice") }
        slot = value
    }

    private func isbt<T>(_ body: () throws(ISBT128Error) -> T) throws(ClaimError) -> T {
        do { return try body() } catch { throw ClaimError.from(error) }
    }
}
