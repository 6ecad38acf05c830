import Scanners
import Testing

@Suite("HID POS decoder")
struct HIDPOSDecoderTests {
    static let payload = Array("0109506000134352".utf8) + [0x1D] + Array(String(repeating: "X", count: 100).utf8)

    @Test func joinsReportsWhileTheContinuationBitIsSet() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .honeywell))
        let reports = POSReports.honeywell(Self.payload)
        #expect(reports.count == 3)
        let out = driver.feed(reports)
        #expect(out.scans == [DecodedScan(aimIdentifier: "]d2", bytes: Self.payload, vendorSymbology: 0)])
    }

    @Test func readsTheNewlandLayoutWithTheAIMIdentifierInTheData() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .newland))
        let data = Array("]d1=A99992600000101".utf8)
        let out = driver.feed(POSReports.newland(data))
        #expect(out.scans == [DecodedScan(aimIdentifier: nil, bytes: data, vendorSymbology: 0x32)])
    }

    @Test func aByteCountLargerThanTheReportIsMalformedAndDiscarded() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .honeywell))
        var report = POSReports.honeywell(Array("abc".utf8))[0]
        report[1] = 200
        let out = driver.feed([report] + POSReports.honeywell(Array("ok".utf8)))
        #expect(out.errorCodes == [.malformedReport])
        #expect(out.scans.map(\.bytes) == [Array("ok".utf8)])
    }

    @Test func aShortReportMidScanDiscardsTheWholeScanNotHalfOfIt() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .honeywell))
        let reports = POSReports.honeywell(Self.payload)
        let out = driver.feed([reports[0], Array(reports[1].prefix(20)), reports[2]])
        #expect(out.scans.isEmpty)
        #expect(out.errorCodes == [.malformedReport])
    }

    @Test func aMissingContinuationReportTimesOutAsIncomplete() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .honeywell))
        _ = driver.feed([POSReports.honeywell(Self.payload)[0]])
        #expect(driver.wait(.milliseconds(900)).isEmpty)
        let out = driver.wait(.milliseconds(200))
        #expect(out.errorCodes == [.incomplete])
        #expect(driver.feed(POSReports.honeywell(Array("next".utf8))).scans.count == 1)
    }

    @Test func aSymbologyChangeMidScanIsInconsistent() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .honeywell))
        let first = POSReports.honeywell(Self.payload)[0]
        let second = POSReports.honeywell(Array("tail".utf8), aim: "]Q1")[0]
        let out = driver.feed([first, second])
        #expect(out.scans.isEmpty)
        #expect(out.errorCodes == [.inconsistentReports])
    }

    @Test func aTenKibibyteScanIsOneErrorNotSplitScans() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .honeywell))
        let long = [UInt8](repeating: UInt8(ascii: "7"), count: 10 * 1024)
        let out = driver.feed(POSReports.honeywell(long) + POSReports.honeywell(Array("next".utf8)))
        #expect(out.errorCodes == [.tooLong])
        #expect(out.scans.map(\.bytes) == [Array("next".utf8)])
    }

    @Test func unpluggingMidScanDiscardsItWithAnError() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .honeywell))
        _ = driver.feed([POSReports.honeywell(Self.payload)[0]])
        let out = driver.decoder.end(.unplugged)
        #expect(out.errorCodes == [.unpluggedMidScan])
        #expect(out.scans.isEmpty)
    }

    @Test func reportsWithAnotherReportIDAndEmptyReadsAreNotScanData() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .honeywell))
        var vendor = [UInt8](repeating: 0x41, count: 64)
        vendor[0] = 0xFD
        let out = driver.feed([vendor, []] + POSReports.honeywell(Array("ok".utf8)))
        #expect(out.texts == ["ok"])
        #expect(out.errorCodes.isEmpty)
    }

    @Test func aSymbologyIdentifierThatIsNotAIMIsMalformed() {
        var driver = DecoderDriver(HIDPOSDecoder(layout: .honeywell))
        let out = driver.feed(POSReports.honeywell(Array("ok".utf8), aim: "abc"))
        #expect(out.errorCodes == [.malformedReport])
    }

    @Test func aDescriptorThatMisstatesTheReportLengthYieldsErrorsNotScans() {
        // The descriptor promised 32-byte reports; the device sends the 64-byte Honeywell ones.
        var lying = HIDPOSLayout.honeywell
        lying.reportLength = 32
        lying.dataCapacity = 24
        lying.continuedOffset = 31
        lying.symbologyOffset = nil
        var driver = DecoderDriver(HIDPOSDecoder(layout: lying))
        let out = driver.feed(POSReports.honeywell(Self.payload)) + driver.wait(.seconds(2))
        #expect(out.scans.isEmpty)
        #expect(out.errorCodes == [.malformedReport])
    }

    @Test func randomReportsNeverTrap() {
        var generator = SeededGenerator(seed: 0x0B87)
        var decoder = HIDPOSDecoder(layout: .honeywell)
        var now = ContinuousClock.now
        for _ in 0..<20_000 {
            let length = [64, 64, 64, 63, 65, 1, 0][Int.random(in: 0..<7, using: &generator)]
            var report = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if !report.isEmpty && Bool.random(using: &generator) { report[0] = 2 }
            now += .milliseconds(Int.random(in: 0...600, using: &generator))
            for output in decoder.decode(report, at: now) {
                if case .scan(let scan) = output { #expect(scan.bytes.count <= 4096) }
            }
        }
    }
}
