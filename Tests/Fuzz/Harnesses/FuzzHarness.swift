/// Every libFuzzer harness: one per parser of outside bytes. The fuzz driver runs one (chosen by
/// `LABELGATE_FUZZ_HARNESS`); FuzzReplayTests replays each one's committed corpus and regressions through the same
/// function. The raw value names its folders: fuzz/corpus/<name>, fuzz/regressions/<name>, fuzz/dict/<name>.dict.
public enum FuzzHarness: String, CaseIterable, Sendable {
    /// HID report descriptor (ReportDescriptor, HIDPOSLayout).
    case hidDescriptor = "hid-descriptor"
    /// HID POS report stream (HIDPOSDecoder), with a byte-exact round trip.
    case hidPOSStream = "hid-pos-stream"
    /// Keyboard-wedge report stream (KeyboardWedgeDecoder, US/DE/FR, suffix or idle gap, GS key), round trip.
    case wedgeStream = "wedge-stream"
    /// NDEF message codec.
    case ndef
    /// Type 2 tag TLV layer.
    case type2TLV = "type2-tlv"
    /// The labelgate claim record on a tag, through to the scan parser.
    case tagClaim = "tag-claim"
    /// The scan parser on every route (ISBT 128, GS1 element string and human-readable, Digital Link, AIM).
    case scanParser = "scan-parser"
    /// The label payload codec: encode a claim, parse it back on every route.
    case payloadRoundTrip = "payload-roundtrip"
    /// ISBT 128 splitter and structures, round trips.
    case isbtCodec = "isbt-codec"
    /// GS1 element strings, human-readable text and Digital Links, round trips.
    case gs1Codec = "gs1-codec"
    /// The API scan body reader, differential against JSONDecoder.
    case apiScanBody = "api-scan-body"
    /// IPP message decoding and encoding.
    case ippMessage = "ipp-message"
    /// HTTP responses from printers: isComplete, httpBody, dechunk.
    case httpChunked = "http-chunked"
    /// ZPL `~HS` and `~HQES` answers.
    case zplStatus = "zpl-status"
    /// The TOML configuration.
    case tomlConfig = "toml-config"

    /// Runs the harness on one input; throws when an oracle fails (a trap in the code under test stays a trap).
    public func run(_ data: [UInt8]) throws(FuzzFailure) {
        switch self {
        case .hidDescriptor: try HIDHarnesses.descriptor(data)
        case .hidPOSStream: try HIDHarnesses.hidPOSStream(data)
        case .wedgeStream: try HIDHarnesses.wedgeStream(data)
        case .ndef: try TagHarnesses.ndef(data)
        case .type2TLV: try TagHarnesses.type2TLV(data)
        case .tagClaim: try TagHarnesses.tagClaim(data)
        case .scanParser: try ScanHarnesses.scanParser(data)
        case .payloadRoundTrip: try ScanHarnesses.payloadRoundTrip(data)
        case .isbtCodec: try CodecHarnesses.isbt(data)
        case .gs1Codec: try CodecHarnesses.gs1(data)
        case .apiScanBody: try APIHarnesses.scanBody(data)
        case .ippMessage: try PrinterHarnesses.ippMessage(data)
        case .httpChunked: try PrinterHarnesses.httpChunked(data)
        case .zplStatus: try PrinterHarnesses.zplStatus(data)
        case .tomlConfig: try ConfigHarness.toml(data)
        }
    }
}
