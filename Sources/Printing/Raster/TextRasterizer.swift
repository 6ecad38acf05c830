import CCairo
import Gate

/// Draws text and boxes into a `MonochromeImage` with Cairo (the only code that touches Cairo), without
/// anti-aliasing, so that every backend prints the same dots. Font: DejaVu Sans Mono, which separates 0/O and 1/I
/// as ISBT 128 §7.4 asks.
struct TextRasterizer {
    static let fontFamily = "DejaVu Sans Mono"

    /// Draws each text run and box onto `image`.
    static func draw(texts: [TextRun], boxes: [DotRect], onto image: inout MonochromeImage) throws(PrintingError) {
        let width = Int32(image.width)
        let height = Int32(image.height)
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, width, height) else {
            throw PrintingError(.rendering, "Cairo could not create a surface")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else {
            throw PrintingError(.rendering, "Cairo could not create a drawing context")
        }
        defer { cairo_destroy(cr) }
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
        if let options = cairo_font_options_create() {
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_NONE)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_FULL)
            cairo_set_font_options(cr, options)
            cairo_font_options_destroy(options)
        }
        cairo_set_source_rgba(cr, 0, 0, 0, 1)
        for run in texts {
            cairo_set_font_face(cr, run.bold ? CachedFontFaces.shared.bold : CachedFontFaces.shared.regular)
            cairo_set_font_size(cr, Double(run.heightDots))
            cairo_move_to(cr, Double(run.x), Double(run.baselineY))
            cairo_show_text(cr, run.text)
        }
        cairo_set_line_width(cr, 2)
        for box in boxes {
            cairo_rectangle(cr, Double(box.x) + 1, Double(box.y) + 1, Double(box.width - 2), Double(box.height - 2))
            cairo_stroke(cr)
        }
        cairo_surface_flush(surface)
        guard cairo_status(cr) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
            throw PrintingError(.rendering, "Cairo failed while drawing text")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let bytesPerRow = image.bytesPerRow
        let pixelWidth = image.width, pixelHeight = image.height
        // Only rows that can carry ink: each text run from one height above its baseline to a third below, each box.
        var rows = [Bool](repeating: false, count: pixelHeight)
        for run in texts {
            for y in max(0, run.baselineY - run.heightDots - 2)..<min(pixelHeight, run.baselineY + run.heightDots / 3 + 2) {
                rows[y] = true
            }
        }
        for box in boxes {
            for y in max(0, box.y)..<min(pixelHeight, box.y + box.height + 1) { rows[y] = true }
        }
        image.bits.withUnsafeMutableBufferPointer { bits in
            for y in 0..<pixelHeight where rows[y] {
                let row = UnsafeRawPointer(data + y * stride)
                for byteIndex in 0..<bytesPerRow {
                    let x0 = byteIndex * 8
                    let count = min(8, pixelWidth - x0)
                    if count == 8, row.loadUnaligned(fromByteOffset: x0, as: UInt64.self) == 0 { continue }
                    var byte: UInt8 = 0
                    for bit in 0..<count where row.load(fromByteOffset: x0 + bit, as: UInt8.self) >= 128 {
                        byte |= 0x80 >> UInt8(bit)
                    }
                    bits[y * bytesPerRow + byteIndex] |= byte
                }
            }
        }
    }

    /// Width in dots of `text` at `heightDots`, for layout (boxes around check characters).
    static func advance(of text: String, heightDots: Int, bold: Bool) -> Int {
        // DejaVu Sans Mono advances 0.602 em per character.
        Int((Double(text.count) * 0.602 * Double(heightDots)).rounded(.up))
    }
}

/// The two font faces, resolved through fontconfig once per process instead of once per text run. Cairo font faces
/// are reference-counted and safe to share between threads and contexts (Cairo locks internally); they are only
/// read after creation, which is why this is `@unchecked Sendable`.
final class CachedFontFaces: @unchecked Sendable {
    static let shared = CachedFontFaces()
    let regular: OpaquePointer?
    let bold: OpaquePointer?

    private init() {
        regular = cairo_toy_font_face_create(
            TextRasterizer.fontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        bold = cairo_toy_font_face_create(TextRasterizer.fontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
    }

    deinit {
        cairo_font_face_destroy(regular)
        cairo_font_face_destroy(bold)
    }
}

/// One line of text to draw.
struct TextRun: Sendable {
    var text: String
    var x: Int
    var baselineY: Int
    var heightDots: Int
    var bold: Bool
}
