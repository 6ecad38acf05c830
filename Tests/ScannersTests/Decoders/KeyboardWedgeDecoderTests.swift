import Scanners
import Testing

@Suite("Keyboard-wedge decoder")
struct KeyboardWedgeDecoderTests {
    @Test func decodesTypedCharactersUpToEnter() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let out = driver.feed(Key.type("Ab-1") + Key.enter)
        #expect(out.texts == ["Ab-1"])
        #expect(out.errorCodes.isEmpty)
    }

    @Test func decodesKeyDownEdgesWhenTheScannerSkipsReleaseReports() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        // A, B, C without all-up reports in between; then C again, which needs its release first.
        let reports = [
            Key.down(0x02, 0x04), Key.down(0x02, 0x05), Key.down(0x02, 0x06), Key.release, Key.down(0x02, 0x06),
            Key.down(0, 0x28), Key.release,
        ]
        #expect(driver.feed(reports).texts == ["ABCC"])
    }

    @Test func aKeyHeldAcrossReportsIsTypedOnce() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let reports = [Key.down(0, 0x04), Key.down(0, 0x04), Key.down(0, 0x04, 0x05), Key.release] + Key.enter
        #expect(driver.feed(reports).texts == ["ab"])
    }

    @Test func capsLockTogglesLettersOnlyAndResetsAfterTheScan() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let reports =
            [Key.down(0, 0x39), Key.release] + Key.type("ab1") + [Key.down(0x02, 0x04), Key.release]
            + Key.enter + Key.type("ab") + Key.enter
        #expect(driver.feed(reports).texts == ["AB1a", "ab"])
    }

    @Test func groupSeparatorArrivesAsCtrlRightBracket() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let out = driver.feed(Key.type("10AB") + [Key.down(0x01, 0x30), Key.release] + Key.type("21") + Key.enter)
        #expect(out.scans.map(\.bytes) == [Array("10AB".utf8) + [0x1D] + Array("21".utf8)])
    }

    @Test func groupSeparatorArrivesAsAltKeypad0029() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let alt: [[UInt8]] = [
            Key.down(0x04), Key.down(0x04, 0x62), Key.down(0x04), Key.down(0x04, 0x62), Key.down(0x04),
            Key.down(0x04, 0x5A), Key.down(0x04), Key.down(0x04, 0x61), Key.down(0x04), Key.release,
        ]
        let out = driver.feed(Key.type("10") + alt + Key.type("21") + Key.enter)
        #expect(out.scans.map(\.bytes) == [Array("10".utf8) + [0x1D] + Array("21".utf8)])
    }

    @Test func groupSeparatorArrivesAsAConfiguredFunctionKey() {
        var driver = DecoderDriver(KeyboardWedgeDecoder(settings: WedgeSettings(gsKeyUsage: 0x45)))
        let out = driver.feed(Key.type("10") + [Key.down(0, 0x45), Key.release] + Key.type("21") + Key.enter)
        #expect(out.scans.map(\.bytes) == [Array("10".utf8) + [0x1D] + Array("21".utf8)])
    }

    @Test func anAltCodeOutsideASCIIDiscardsTheScan() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let alt: [[UInt8]] = [
            Key.down(0x04, 0x5A), Key.down(0x04), Key.down(0x04, 0x5B), Key.down(0x04, 0x5C), Key.release,
        ]
        let out = driver.feed(Key.type("1") + alt + Key.enter)
        #expect(out.scans.isEmpty)
        #expect(out.errorCodes == [.unsupportedKey])
    }

    @Test func tabAndKeypadEnterEndAScanToo() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let out = driver.feed(Key.type("ab") + Key.tab + Key.type("cd") + [Key.down(0, 0x58), Key.release])
        #expect(out.texts == ["ab", "cd"])
    }

    @Test func anIdleGapEndsAScanWhenTheScannerHasNoSuffix() {
        var driver = DecoderDriver(KeyboardWedgeDecoder(settings: WedgeSettings(termination: .suffixOrIdleGap)))
        #expect(driver.feed(Key.type("abc")).isEmpty)
        #expect(driver.wait(.milliseconds(50)).isEmpty)
        #expect(driver.wait(.milliseconds(60)).texts == ["abc"])
    }

    @Test func anIdleGapWithoutTheExpectedSuffixIsAnIncompleteScanNotAScan() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        _ = driver.feed(Key.type("abc"))
        #expect(driver.wait(.milliseconds(900)).isEmpty)
        let out = driver.wait(.milliseconds(150))
        #expect(out.scans.isEmpty)
        #expect(out.errorCodes == [.incomplete])
        #expect(driver.feed(Key.type("de") + Key.enter).texts == ["de"])
    }

    @Test func errorRollOverDiscardsTheScanInProgress() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let rollOver = Key.down(0, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01)
        let out = driver.feed(Key.type("ab") + [rollOver] + Key.type("cd") + Key.enter + Key.type("ef") + Key.enter)
        #expect(out.texts == ["ef"])
        #expect(out.errorCodes == [.rollOver])
    }

    @Test func garbageBetweenScansIsReportedOnceAfterTheIdleGap() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        var out = driver.feed([[1, 2, 3], [0xFF]])
        out += driver.wait(.milliseconds(1100))
        out += driver.feed(Key.type("ok") + Key.enter)
        #expect(out.texts == ["ok"])
        #expect(out.errorCodes == [.malformedReport])
    }

    @Test func aTruncatedReportMidScanDiscardsThatScanOnly() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let out = driver.feed(Key.type("ab") + [[0, 0, 0x06]] + Key.type("c") + Key.enter + Key.type("d") + Key.enter)
        #expect(out.texts == ["d"])
        #expect(out.errorCodes == [.malformedReport])
    }

    @Test func aTenKibibyteScanIsOneErrorNotSplitScans() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let long = String(repeating: "a", count: 10 * 1024)
        let out = driver.feed(Key.type(long) + Key.enter + Key.type("next") + Key.enter, gap: .microseconds(100))
        #expect(out.texts == ["next"])
        #expect(out.errorCodes == [.tooLong])
    }

    @Test func unpluggingMidScanDiscardsItWithAnError() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        _ = driver.feed(Key.type("abc"))
        let out = driver.decoder.end(.unplugged)
        #expect(out.scans.isEmpty)
        #expect(out.errorCodes == [.unpluggedMidScan])
        #expect(driver.decoder.end(.unplugged).isEmpty)
    }

    @Test func nineByteReportsWithAReportIDAreRead() {
        var driver = DecoderDriver(KeyboardWedgeDecoder())
        let reports = (Key.type("ab") + Key.enter).map { [0x01] + $0 }
        #expect(driver.feed(reports).texts == ["ab"])
    }

    @Test func germanLayoutMapsShiftedDigitsYZAndAltGr() {
        var driver = DecoderDriver(KeyboardWedgeDecoder(settings: WedgeSettings(layout: .de)))
        let reports: [[UInt8]] = [
            Key.down(0x02, 0x27), Key.down(0, 0x64), Key.down(0x02, 0x23), Key.down(0x02, 0x24),
            Key.down(0x40, 0x26), Key.down(0, 0x1C), Key.down(0, 0x1D), Key.down(0x40, 0x14), Key.down(0, 0x2D),
            Key.down(0, 0x35), Key.down(0, 0x2C), Key.release, Key.down(0, 0x28),
        ]
        #expect(driver.feed(reports).texts == ["=<&/]zy@ß^"])
    }

    @Test func frenchLayoutTypesDigitsWithShiftAndSwapsLetters() {
        var driver = DecoderDriver(KeyboardWedgeDecoder(settings: WedgeSettings(layout: .fr)))
        let reports: [[UInt8]] = [
            Key.down(0x02, 0x1E), Key.release, Key.down(0, 0x1E), Key.down(0, 0x04), Key.down(0, 0x14),
            Key.down(0, 0x33),
            Key.down(0, 0x1A), Key.down(0, 0x2E), Key.down(0x02, 0x37), Key.down(0x40, 0x2D), Key.release,
            Key.down(0, 0x28),
        ]
        #expect(driver.feed(reports).texts == ["1&qamz=/]"])
    }

    @Test func randomReportsNeverTrapAndEveryScanEndsWithItsSuffix() {
        var generator = SeededGenerator(seed: 0x5CA11E)
        var decoder = KeyboardWedgeDecoder(settings: WedgeSettings(maximumLength: 64))
        var now = ContinuousClock.now
        for _ in 0..<20_000 {
            let length = [8, 8, 8, 9, 3, 0][Int.random(in: 0..<6, using: &generator)]
            let report = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            now += .milliseconds(Int.random(in: 0...150, using: &generator))
            for output in decoder.decode(report, at: now) {
                if case .scan(let scan) = output { #expect(!scan.bytes.isEmpty && scan.bytes.count <= 64) }
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so random tests reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
