/// Parses any scan (bytes plus an optional AIM identifier) into a typed `Claim`, or a typed `ClaimError`.
///
/// Routing follows the AIM identifier: GS1 identifiers (`]C1 ]d2 ]Q3 ]e0…`) go to the GS1 element-string parser,
/// ISBT 128 data (`]C0 ]C4 ]d1` starting with `=` or `&`) to the ISBT splitter, and a URL (`]Q1`, `]d1`) to the
/// GS1 Digital Link parser. Without an identifier the first byte decides. The parser never traps.
public struct ScanParser: Sendable {
    /// The longest scan accepted, in bytes.
    public static let maximumLength = 4096
    /// The carriers to read.
    public let format: LabelPayloadFormat
    let splitter: ISBT128Splitter

    /// Creates a parser for `format`.
    public init(format: LabelPayloadFormat = .standard) {
        self.format = format
        self.splitter = ISBT128Splitter(
            localStructureLengths: [format.isbtLocalIdentifier: LabelPayloadFormat.isbtLocalContentLength])
    }

    /// Parses `scan`.
    public func parse(_ scan: Scan) throws(ClaimError) -> Claim {
        guard !scan.bytes.isEmpty else { throw ClaimError(.empty, "nothing was read") }
        guard scan.bytes.count <= Self.maximumLength else {
            throw ClaimError(.tooLong, "the scan is \(scan.bytes.count) bytes; at most \(Self.maximumLength) are read")
        }
        var aimText = scan.aimIdentifier
        var data = scan.bytes
        if aimText == nil {
            do {
                let (aim, rest) = try AIMIdentifier.split(scan.bytes)
                aimText = aim?.description
                data = rest
            } catch {
                throw ClaimError(.unknownFormat, "the scan starts with a malformed AIM identifier")
            }
        }
        let aim: AIMIdentifier?
        do {
            aim = try aimText.map { text throws(AIMError) in try AIMIdentifier(text) }
        } catch {
            throw ClaimError(.unknownFormat, "unrecognised AIM identifier")
        }
        // Fail closed: an identifier ISO/IEC 15424 does not assign (`]d7`, `]dK`) is no scanner's; refuse it.
        if let aim, !aim.isKnown {
            throw ClaimError(.unknownFormat, "\(aim) is not an AIM identifier a scanner sends")
        }
        try Self.checkCharacters(data)
        let label: LabelClaim
        let profile: LabelProfile
        switch try route(aim: aim, data: data) {
        case .gs1(let elements):
            label = try claimFromGS1(elements)
            profile = .gs1
        case .isbt:
            label = try claimFromISBT(data)
            profile = .isbt
        }
        // `aimText` is the parsed identifier's text form (`aim.description`, 3 ASCII bytes), without re-formatting it.
        return Claim(label: label, profile: profile, aimIdentifier: aim == nil ? nil : aimText, source: scan.source)
    }

    private enum Route {
        case gs1(GS1ElementString)
        case isbt
    }

    private func route(aim: AIMIdentifier?, data: [UInt8]) throws(ClaimError) -> Route {
        guard let first = data.first else { throw ClaimError(.empty, "nothing follows the AIM identifier") }
        let isURL = data.starts(with: Self.httpsPrefix) || data.starts(with: Self.httpPrefix)
        let looksISBT = first == UInt8(ascii: "=") || first == UInt8(ascii: "&")
        do {
            if isURL {
                // A GS1 Digital Link travels in a QR Code, a Data Matrix or Code 128; under any other identifier
                // (Code 39, EAN…) a URL is not a label of ours.
                if let aim, ![.qr, .gs1QR, .dataMatrix, .gs1DataMatrix, .code128].contains(aim.kind) {
                    throw ClaimError(.unknownFormat, "labelgate does not read a URL in \(aim) symbols")
                }
                return .gs1(try GS1DigitalLink.parse(String(decoding: data, as: UTF8.self)))
            }
            if let aim {
                if aim.impliesGS1 { return .gs1(try GS1ElementString.parse(data)) }
                switch aim.kind {
                case .code128, .isbtConcatenated, .dataMatrix, .qr:
                    if looksISBT { return .isbt }
                    throw ClaimError(.unknownFormat, "\(aim) data is neither ISBT 128 nor a GS1 Digital Link")
                case .ean:
                    throw ClaimError(.insufficient, "an EAN/UPC code carries no identity hash; scan the 2-D symbol")
                default:
                    throw ClaimError(.unknownFormat, "labelgate does not read \(aim) symbols")
                }
            }
            if looksISBT { return .isbt }
            if first == UInt8(ascii: "(") {
                return .gs1(try GS1ElementString.parse(humanReadable: String(decoding: data, as: UTF8.self)))
            }
            if first == 0x1D || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
                return .gs1(try GS1ElementString.parse(data))
            }
            throw ClaimError(.unknownFormat, "the scan is neither GS1 nor ISBT 128")
        } catch let error as ClaimError {
            throw error
        } catch let error as GS1Error {
            throw ClaimError.from(error)
        } catch {
            throw ClaimError(.malformed, "the scan could not be read")
        }
    }

    private static let httpsPrefix = Array("https://".utf8)
    private static let httpPrefix = Array("http://".utf8)

    private static func checkCharacters(_ data: [UInt8]) throws(ClaimError) {
        // Fast path: a scan of printable ASCII and GS has nothing to report. Branch-free, so the compiler can check
        // many bytes per instruction.
        var unusual: UInt8 = 0
        for byte in data {
            unusual |= (byte &- 0x20 < 0x5F || byte == 0x1D) ? 0 : 1
        }
        if unusual == 0 { return }
        // One pass finds the first control character (GS excepted) and whether any byte is non-ASCII.
        var nonASCII = false
        var control: UInt8?
        for byte in data {
            if byte >= 0x80 {
                nonASCII = true
            } else if control == nil, (byte < 0x20 && byte != 0x1D) || byte == 0x7F {
                control = byte
            }
        }
        // ASCII is always valid UTF-8, so only data with a byte >= 0x80 needs the full check (which builds a String).
        guard !nonASCII || String(validating: data, as: UTF8.self) != nil else {
            throw ClaimError(.invalidUTF8, "the scan is not valid UTF-8")
        }
        if let bad = control {
            throw ClaimError(.controlCharacter, "the scan contains control character 0x\(String(bad, radix: 16))")
        }
    }
}
