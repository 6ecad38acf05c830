import CZlib
import Foundation
import Gate

/// Encodes a `MonochromeImage` as a 1-bit greyscale PNG (black on white, one PNG pixel per printer dot, with a
/// `pHYs` chunk giving the native dpi). The packed rows are inverted (PNG greyscale 0 is black) and deflated by
/// zlib at its fastest level: a few hundred microseconds for a label, against tens of milliseconds for a 24-bit
/// image through Cairo.
enum PNGWriter {
    static func png(_ image: MonochromeImage) throws(PrintingError) -> Data {
        let perRow = image.bytesPerRow
        // Each row: filter type 0 (none), then the row inverted.
        var raw = [UInt8](repeating: 0, count: (perRow + 1) * image.height)
        raw.withUnsafeMutableBufferPointer { out in
            image.bits.withUnsafeBufferPointer { bits in
                for y in 0..<image.height {
                    let target = y * (perRow + 1) + 1
                    let source = y * perRow
                    for index in 0..<perRow { out[target + index] = ~bits[source + index] }
                }
            }
        }
        var compressed = [UInt8](repeating: 0, count: Int(compressBound(uLong(raw.count))))
        var length = uLongf(compressed.count)
        let status = compressed.withUnsafeMutableBufferPointer { out in
            raw.withUnsafeBufferPointer { source in
                compress2(out.baseAddress, &length, source.baseAddress, uLong(source.count), 1)
            }
        }
        guard status == Z_OK else { throw PrintingError(.rendering, "zlib could not compress the PNG image (\(status))") }

        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        png.reserveCapacity(Int(length) + 128)
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(image.width))
        header.appendBigEndian(UInt32(image.height))
        header += [1, 0, 0, 0, 0]  // bit depth 1, greyscale, deflate, no filter, no interlace
        appendChunk("IHDR", header, to: &png)
        if image.dotsPerInch > 0 {
            let perMetre = UInt32((Double(image.dotsPerInch) / 0.0254).rounded())
            var physical: [UInt8] = []
            physical.appendBigEndian(perMetre)
            physical.appendBigEndian(perMetre)
            physical.append(1)  // unit: metre
            appendChunk("pHYs", physical, to: &png)
        }
        compressed.withUnsafeBufferPointer { appendChunk("IDAT", UnsafeBufferPointer(rebasing: $0.prefix(Int(length))), to: &png) }
        appendChunk("IEND", [UInt8](), to: &png)
        return png
    }

    private static func appendChunk<Bytes: Collection<UInt8>>(_ type: String, _ body: Bytes, to png: inout Data) {
        var head: [UInt8] = []
        head.appendBigEndian(UInt32(body.count))
        head += Array(type.utf8)
        png.append(contentsOf: head)
        png.append(contentsOf: body)
        var crc = head.dropFirst(4).withContiguousStorageIfAvailable { crc32(0, $0.baseAddress, uInt($0.count)) } ?? 0
        if !body.isEmpty {  // zlib's crc32 with a null buffer returns the initial value, not `crc`
            crc = body.withContiguousStorageIfAvailable { crc32(crc, $0.baseAddress, uInt($0.count)) } ?? crc
        }
        var tail: [UInt8] = []
        tail.appendBigEndian(UInt32(truncatingIfNeeded: crc))
        png.append(contentsOf: tail)
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }
}
