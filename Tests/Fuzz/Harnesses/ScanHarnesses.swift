import LabelgateCore

/// The scan parser on every route, and the label payload codec round trip through all of them.
enum ScanHarnesses {
    private static let parser = ScanParser()
    private static let encoder: LabelPayloadEncoder = {
        guard let encoder = try? LabelPayloadEncoder() else { preconditionFailure("the standard format is valid") }
        return encoder
    }()
    private static let identifiers = [
        "]d2", "]d1", "]C1", "]C0", "]C4", "]Q3", "]Q1", "]e0", "]E0", "]A0", "]d7", "]dK", "]Z0", "]I1", "]Q0",
    ]

    /// Any bytes, with no AIM identifier (an inline one may start them), a known one or a fuzzed one: a claim or a
    /// typed error. A claim re-encodes in its profile to a payload that parses to the same claim.
    static func scanParser(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let aim: String?
        switch input.int(below: 4) {
        case 0: aim = nil
        case 1: aim = String(decoding: input.bytes(3), as: UTF8.self)
        default: aim = input.pick(identifiers)
        }
        let scan = Scan(bytes: input.rest(), aimIdentifier: aim)
        guard let claim = try? parser.parse(scan) else { return }
        if let text = claim.aimIdentifier {
            try check((try? AIMIdentifier(text))?.isKnown == true, "a claim under identifier \(text)")
        }
        try check(claim.profile != .gs1 || claim.label.gtin != nil, "a GS1 claim without a GTIN")
        let payload: EncodedPayload
        do { payload = try encoder.encode(claim.label, profile: claim.profile) } catch {
            throw FuzzFailure("a parsed claim does not re-encode: \(error)")
        }
        let again = try parse(payload.bytes, aim: payload.aimIdentifier, route: "re-encoded")
        try check(again.label == claim.label, "parse(encode(parse(x))) != parse(x)")
    }

    /// A claim built from valid parts encodes in both profiles; the payload parses back to the claim on the route the
    /// input picks: ISBT 128 with its identifier apart, inline, in Code 128 or without one; GS1 apart, inline in
    /// Code 128, with a leading FNC1, without an identifier, as human-readable text, or as a GS1 Digital Link. (One
    /// route per input keeps the harness fast; the fuzzer covers every route.)
    static func payloadRoundTrip(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        guard let claim = Generators.claim(&input) else { return }
        let route = input.int(below: 10)
        if route < 4 {
            let isbt: EncodedPayload
            do { isbt = try encoder.encode(claim, profile: .isbt) } catch {
                throw FuzzFailure("ISBT 128 encoding failed: \(error)")
            }
            var isbtClaim = claim
            isbtClaim.gtin = nil
            switch route {
            case 0: try expect(isbtClaim, from: isbt.bytes, aim: isbt.aimIdentifier, route: "ISBT 128")
            case 1: try expect(isbtClaim, from: Array(isbt.aimIdentifier.utf8) + isbt.bytes, aim: nil, route: "inline")
            case 2: try expect(isbtClaim, from: isbt.bytes, aim: "]C0", route: "ISBT 128 in Code 128")
            default: try expect(isbtClaim, from: isbt.bytes, aim: nil, route: "ISBT 128 without identifier")
            }
            return
        }
        guard claim.gtin != nil else { return }
        let gs1: EncodedPayload
        do { gs1 = try encoder.encode(claim, profile: .gs1) } catch {
            throw FuzzFailure("GS1 encoding failed: \(error)")
        }
        switch route {
        case 4: try expect(claim, from: gs1.bytes, aim: gs1.aimIdentifier, route: "GS1")
        case 5: try expect(claim, from: Array("]C1".utf8) + gs1.bytes, aim: nil, route: "GS1 inline in Code 128")
        case 6: try expect(claim, from: [0x1D] + gs1.bytes, aim: "]d2", route: "GS1 with a leading FNC1")
        case 7: try expect(claim, from: gs1.bytes, aim: nil, route: "GS1 without identifier")
        case 8: try expect(claim, from: Array(gs1.humanReadable.utf8), aim: nil, route: "GS1 human-readable")
        default:
            guard let elements = gs1.elementString else { throw FuzzFailure("a GS1 payload without its elements") }
            // The profile's AIs 240, 91 and 92 may not all be Digital Link attributes: then it is refused whole.
            guard let uri = try? GS1DigitalLink.uri(for: elements) else { return }
            try expect(claim, from: Array(uri.utf8), aim: "]Q1", route: "GS1 Digital Link")
        }
    }

    private static func parse(_ bytes: [UInt8], aim: String?, route: String) throws(FuzzFailure) -> Claim {
        do { return try parser.parse(Scan(bytes: bytes, aimIdentifier: aim)) } catch {
            throw FuzzFailure("\(route): \(error) for \(String(decoding: bytes, as: UTF8.self))")
        }
    }

    private static func expect(_ claim: LabelClaim, from bytes: [UInt8], aim: String?, route: String)
        throws(FuzzFailure)
    {
        let parsed = try parse(bytes, aim: aim, route: route)
        try check(parsed.label == claim, "\(route): \(parsed.label) != \(claim)")
    }
}
