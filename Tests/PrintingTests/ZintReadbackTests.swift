import Gate
import Printing
import Testing

/// libzint renders, zxing-cpp reads: both real libraries, neither written here.
@Suite struct ZintReadbackTests {
    func roundTrip(_ symbol: BarcodeSymbol, module: Int = 3) throws -> [(aim: String, bytes: [UInt8])] {
        let bitmap = try ZintEncoder().render(symbol, dotsPerModule: module, linearHeight: 60)
        let image = MonochromeImage(width: bitmap.width, height: bitmap.height, dotsPerInch: 203, bits: bitmap.bits)
        return IndependentDecoder().decode(image, region: (0, 0, image.width, image.height))
    }

    @Test func dataMatrixWithISBTDataReadsBackExactly() throws {
        let data = Array("=A99992600000101=<S1234100&/CHA999926AB12CD".utf8)
        let read = try roundTrip(BarcodeSymbol(.dataMatrix, data: data))
        #expect(read.count == 1)
        #expect(read.first?.aim == "]d1")
        #expect(read.first?.bytes == data)
    }

    @Test func gs1DataMatrixReadsBackWithGSSeparators() throws {
        let transmitted = Array("0109506000134352".utf8) + Array("10LOT42".utf8) + [0x1D] + Array("21SN1".utf8)
        let read = try roundTrip(
            BarcodeSymbol(gs1: .gs1DataMatrix, brackets: "[01]09506000134352[10]LOT42[21]SN1", transmitted: transmitted))
        #expect(read.first?.aim == "]d2")
        #expect(read.first?.bytes == transmitted)
    }

    @Test func code128ISBTDINReadsBack() throws {
        let data = Array("=A99992600000101".utf8)
        let read = try roundTrip(BarcodeSymbol(.code128, data: data), module: 2)
        #expect(read.first?.aim == "]C0")
        #expect(read.first?.bytes == data)
    }

    @Test func gs1_128AndQRReadBack() throws {
        let gs1 = try roundTrip(
            BarcodeSymbol(gs1: .gs1_128, brackets: "[01]09506000134352[21]7", transmitted: Array("0109506000134352217".utf8)),
            module: 2)
        #expect(gs1.first?.aim == "]C1")
        let qr = try roundTrip(BarcodeSymbol(.qr, data: Array("https://id.gs1.org/01/09506000134352".utf8)))
        #expect(qr.first?.aim == "]Q1")
    }

    @Test func dataTooLongForTheSymbolIsATypedError() {
        let huge = [UInt8](repeating: UInt8(ascii: "A"), count: 5000)
        #expect(throws: PrintingError(.encoding, "")) { try ZintEncoder().render(BarcodeSymbol(.dataMatrix, data: huge), dotsPerModule: 2) }
        #expect(throws: PrintingError(.encoding, "")) {
            try ZintEncoder().render(BarcodeSymbol(gs1: .gs1DataMatrix, brackets: "[01]09506000134353", transmitted: []), dotsPerModule: 2)
        }
    }

    /// The packed bitmap holds exactly the pixels libzint's byte-per-pixel buffer holds, at every width and with
    /// repeated and differing rows (checked against a plain pixel-by-pixel reading).
    @Test func packingMatchesLibzintsBufferPixelForPixel() {
        var generator = SystemRandomNumberGenerator()
        for width in [1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 331] {
            let height = 9
            var buffer = [UInt8](repeating: UInt8(ascii: "0"), count: width * height)
            for y in 0..<height where y % 3 != 2 {
                for x in 0..<width where Bool.random(using: &generator) { buffer[y * width + x] = UInt8(ascii: "1") }
            }
            for x in 0..<width { buffer[2 * width + x] = buffer[width + x] }  // a repeated row
            let packed = buffer.withUnsafeBufferPointer { ZintEncoder.pack($0, width: width, height: height) }
            #expect(packed.bytesPerRow == (width + 7) / 8)
            for y in 0..<height {
                for x in 0..<width {
                    #expect(packed.isDark(x: x, y: y) == (buffer[y * width + x] == UInt8(ascii: "1")))
                }
                for x in width..<(packed.bytesPerRow * 8) {
                    #expect(packed.bits[y * packed.bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) == 0)
                }
            }
        }
    }

    /// Drawing a symbol at any dot offset, clipped at either edge or not, sets exactly its dark pixels inside the
    /// image, and nothing else.
    @Test func drawingAtAnyOffsetSetsExactlyTheSymbolsDots() throws {
        let symbol = try ZintEncoder().render(BarcodeSymbol(.code128, data: Array("=A99992600000101".utf8)), dotsPerModule: 2, linearHeight: 10)
        for offset in -17..<21 {
            let width = symbol.width + 5
            var image = MonochromeImage(
                width: width, height: symbol.height + 2, dotsPerInch: 203,
                bits: [UInt8](repeating: 0, count: (width + 7) / 8 * (symbol.height + 2)))
            image.draw(symbol, x: offset, y: offset % 3 - 1)
            var mismatches = 0
            for y in 0..<image.height {
                for x in 0..<image.bytesPerRow * 8 {
                    let bit = image.bits[y * image.bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) != 0
                    if bit != (x < width && symbol.isDark(x: x - offset, y: y - (offset % 3 - 1))) { mismatches += 1 }
                }
            }
            #expect(mismatches == 0, "offset \(offset)")
        }
    }
}
