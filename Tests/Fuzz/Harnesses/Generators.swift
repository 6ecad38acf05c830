import LabelgateCore

/// Valid ISBT 128 and GS1 values built from fuzzer bytes (each character picked from its field's alphabet), for the
/// round-trip oracles: whatever the encoder writes from them, the parser must read back.
enum Generators {
    static func din(_ input: inout FuzzInput) -> DIN? {
        let identifier =
            input.text(1, from: Alphabet.facilityLead) + input.text(2, from: Alphabet.facilityMiddle)
            + input.text(10, from: Alphabet.digits)
        let flags: DINFlags
        switch input.int(below: 6) {
        case 0: flags = .notUsed
        case 1: flags = .containerOfSet(1 + input.int(below: 9))
        case 2: flags = .processControl(6 + input.int(below: 9))
        case 3: flags = .local(20 + input.int(below: 40))
        case 4:
            guard let plain = try? DIN(identifier: identifier) else { return nil }
            flags = .checkValue(plain.checkValue)
        default: flags = .repeatedDemandPrinted
        }
        return try? DIN(identifier: identifier, flags: flags)
    }

    static func productCode(_ input: inout FuzzInput) -> ProductCode? {
        let content =
            input.text(1, from: Alphabet.upper) + input.text(4, from: Alphabet.upperDigits)
            + input.text(1, from: Alphabet.upper + Alphabet.lower + Alphabet.digits)
            + input.text(1, from: Alphabet.upperDigits) + input.text(1, from: Alphabet.lower + Alphabet.digits)
        return try? ProductCode(content: content)
    }

    static func coi(_ input: inout FuzzInput) -> ChainOfIdentityID? {
        let content =
            "CH" + input.text(1, from: Alphabet.facilityLead) + input.text(2, from: Alphabet.facilityMiddle)
            + input.text(4, from: Alphabet.digits) + input.text(6, from: Alphabet.upperDigits)
        return try? ChainOfIdentityID(content: content)
    }

    static func gtin(_ input: inout FuzzInput) -> String? {
        let body = input.text(13, from: Alphabet.digits)
        guard let check = try? GS1CheckDigit.compute(for: body) else { return nil }
        return body + String(check)
    }

    static func claim(_ input: inout FuzzInput) -> LabelClaim? {
        guard let din = din(&input), let product = productCode(&input), let coi = coi(&input) else { return nil }
        let serialDigits = input.text(LabelSerial.digits, from: Alphabet.digits)
        var hashBytes = input.bytes(IdentityHash.byteCount)
        hashBytes += [UInt8](repeating: 0, count: IdentityHash.byteCount - hashBytes.count)
        guard let serial = LabelSerial(text: serialDigits), let hash = try? IdentityHash(bytes: hashBytes) else {
            return nil
        }
        return LabelClaim(
            coi: coi, din: din, productCode: product, serial: serial,
            hashVersion: CanonicalIdentityEncoding.currentVersion, hash: hash, gtin: gtin(&input))
    }
}
