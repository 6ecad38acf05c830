import CCairo
import Foundation
import Gate

/// Encodes a `MonochromeImage` as PNG (through Cairo): black on white, one image pixel per printer dot.
enum PNGWriter {
    static func png(_ image: MonochromeImage) throws(PrintingError) -> Data {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(image.width), Int32(image.height)),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
            let data = cairo_image_surface_get_data(surface)
        else { throw PrintingError(.rendering, "Cairo could not create an image surface") }
        defer { cairo_surface_destroy(surface) }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let perRow = image.bytesPerRow, width = image.width
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * image.height) { pixels in
            image.bits.withUnsafeBufferPointer { bits in
                for y in 0..<image.height {
                    let row = pixels + y * stride / 4
                    let source = y * perRow
                    for index in 0..<perRow {
                        let byte = bits[source + index]
                        let base = index * 8
                        if byte == 0 {
                            for bit in 0..<min(8, width - base) { row[base + bit] = 0x00FF_FFFF }
                            continue
                        }
                        for bit in 0..<min(8, width - base) {
                            row[base + bit] = byte & (0x80 >> UInt8(bit)) != 0 ? 0 : 0x00FF_FFFF
                        }
                    }
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        let sink = PNGSink()
        let status = cairo_surface_write_to_png_stream(
            surface,
            { closure, bytes, length in
                guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw PrintingError(.rendering, "Cairo could not encode PNG") }
        return withResolution(sink.data, dotsPerInch: image.dotsPerInch)
    }

    /// Inserts a `pHYs` chunk (pixels per metre) after `IHDR`, so that viewers and printers know the native dpi.
    static func withResolution(_ png: Data, dotsPerInch: Int) -> Data {
        let ihdrEnd = 8 + 8 + 13 + 4
        guard png.count > ihdrEnd, dotsPerInch > 0 else { return png }
        let perMetre = UInt32((Double(dotsPerInch) / 0.0254).rounded())
        var chunk: [UInt8] = Array("pHYs".utf8)
        for _ in 0..<2 { chunk += [UInt8(perMetre >> 24), UInt8(perMetre >> 16 & 0xFF), UInt8(perMetre >> 8 & 0xFF), UInt8(perMetre & 0xFF)] }
        chunk.append(1)
        let crc = CRC32.checksum(chunk)
        var out = Data(png.prefix(ihdrEnd))
        out.append(contentsOf: [0, 0, 0, 9] + chunk + [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        out.append(png.dropFirst(ihdrEnd))
        return out
    }
}

/// CRC-32 (IEEE, as PNG chunks use it).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// Collects Cairo's PNG stream output; used only inside one `png` call.
private final class PNGSink {
    var data = Data()
}
