import CCairo
import Gate
import Synchronization

/// Draws text and boxes into a `MonochromeImage` with Cairo (the only code that touches Cairo), without
/// anti-aliasing, so that every backend prints the same dots. Font: DejaVu Sans Mono, which separates 0/O and 1/I
/// as ISBT 128 §7.4 asks.
///
/// Each text run and box is drawn by Cairo into a small 8-bit surface of its own, at an integer offset (glyph
/// positions are whole dots without anti-aliasing, so the dots are the same as drawing it in place), packed to
/// 1-bit rows and ORed into the label. Drawn runs are kept in `TextRunCache` by text, size and weight: the
/// human-readable lines a job repeats on every copy are drawn by Cairo once. Text is never read back; the symbols
/// are drawn and decoded for every label.
struct TextRasterizer {
    static let fontFamily = "DejaVu Sans Mono"

    /// Draws each text run and box onto `image`.
    static func draw(texts: [TextRun], boxes: [DotRect], onto image: inout MonochromeImage) throws(PrintingError) {
        for run in texts {
            let key = TextRunCache.Key(text: run.text, heightDots: run.heightDots, bold: run.bold)
            let drawn: DrawnRun
            if let cached = TextRunCache.shared.run(for: key) {
                drawn = cached
            } else {
                drawn = try drawRun(key)
                TextRunCache.shared.store(drawn, for: key)
            }
            image.draw(drawn.bitmap, x: run.x + drawn.offsetX, y: run.baselineY + drawn.offsetY)
        }
        for box in boxes where box.width > 2 && box.height > 2 {
            image.draw(try drawBox(width: box.width, height: box.height), x: box.x, y: box.y)
        }
    }

    /// Width in dots of `text` at `heightDots`, for layout (boxes around check characters).
    static func advance(of text: String, heightDots: Int, bold: Bool) -> Int {
        // DejaVu Sans Mono advances 0.602 em per character.
        Int((Double(text.count) * 0.602 * Double(heightDots)).rounded(.up))
    }

    /// One text run drawn with its origin (the start of its baseline) at (-offsetX, -offsetY) in its bitmap, with a
    /// margin of one text height on the left and right and above the cap height, and a third below the baseline.
    static func drawRun(_ key: TextRunCache.Key) throws(PrintingError) -> DrawnRun {
        let height = key.heightDots
        let marginX = height + 2
        let above = height + 2, below = height / 3 + 2
        let width = advance(of: key.text, heightDots: height, bold: key.bold) + 2 * marginX
        let bitmap = try withSurface(width: width, height: above + below) { cr in
            cairo_set_font_face(cr, key.bold ? CachedFontFaces.shared.bold : CachedFontFaces.shared.regular)
            cairo_set_font_size(cr, Double(height))
            cairo_move_to(cr, Double(marginX), Double(above))
            cairo_show_text(cr, key.text)
        }
        return DrawnRun(bitmap: bitmap, offsetX: -marginX, offsetY: -above)
    }

    /// A box outline two dots wide, `width` × `height` dots overall.
    static func drawBox(width: Int, height: Int) throws(PrintingError) -> SymbolBitmap {
        try withSurface(width: width, height: height) { cr in
            cairo_set_line_width(cr, 2)
            cairo_rectangle(cr, 1, 1, Double(width - 2), Double(height - 2))
            cairo_stroke(cr)
        }
    }

    /// Runs `body` on a fresh transparent A8 surface (black source, no anti-aliasing, full hinting) and packs the
    /// result to 1-bit rows: a dot is black where Cairo's coverage is at least one half.
    private static func withSurface(
        width: Int, height: Int, _ body: (OpaquePointer) -> Void
    ) throws(PrintingError) -> SymbolBitmap {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(width), Int32(height)) else {
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
        body(cr)
        cairo_surface_flush(surface)
        guard cairo_status(cr) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
            throw PrintingError(.rendering, "Cairo failed while drawing text")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let perRow = (width + 7) / 8, whole = width / 8
        let bits = [UInt8](unsafeUninitializedCapacity: perRow * height) { out, initialized in
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride)
                for index in 0..<whole {
                    let word = UInt64(littleEndian: row.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                    // Bit 7 of each coverage byte (>= 128) gathered into one byte, first pixel in the top bit.
                    out[y * perRow + index] = UInt8(
                        truncatingIfNeeded: (((word >> 7) & 0x0101_0101_0101_0101) &* 0x8040_2010_0804_0201) >> 56)
                }
                if whole < perRow {
                    var byte: UInt8 = 0
                    for bit in 0..<(width - whole * 8) where row.load(fromByteOffset: whole * 8 + bit, as: UInt8.self) >= 128 {
                        byte |= 0x80 >> UInt8(bit)
                    }
                    out[y * perRow + whole] = byte
                }
            }
            initialized = perRow * height
        }
        return SymbolBitmap(width: width, height: height, bits: bits)
    }
}

/// A text run drawn by Cairo: its dots, and where its origin sits relative to the bitmap's top-left corner.
struct DrawnRun: Sendable {
    var bitmap: SymbolBitmap
    var offsetX: Int
    var offsetY: Int
}

/// Text runs already drawn, by text, size and weight (the same key always gives the same dots). Bounded: emptied
/// when it holds `capacity` runs. Shared by every renderer of the process; safe from any thread.
final class TextRunCache: Sendable {
    struct Key: Hashable, Sendable {
        var text: String
        var heightDots: Int
        var bold: Bool
    }

    static let shared = TextRunCache(capacity: 256)
    private let capacity: Int
    private let runs = Mutex<[Key: DrawnRun]>([:])

    init(capacity: Int) { self.capacity = capacity }

    func run(for key: Key) -> DrawnRun? { runs.withLock { $0[key] } }

    func store(_ run: DrawnRun, for key: Key) {
        runs.withLock { runs in
            if runs.count >= capacity { runs.removeAll(keepingCapacity: true) }
            runs[key] = run
        }
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
