import CCairo
import Gate

extension TextRasterizer {
    /// The reference drawing the tests compare `draw` with: every run and box drawn in place by Cairo on one 8-bit
    /// surface the size of the label, thresholded at one half. Slow (the whole label's surface, every glyph every
    /// time); never used to print.
    static func drawInOneSurface(texts: [TextRun], boxes: [DotRect], onto image: inout MonochromeImage)
        throws(PrintingError)
    {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(image.width), Int32(image.height)),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { throw PrintingError(.rendering, "Cairo could not create a surface") }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw PrintingError(.rendering, "Cairo could not create a context") }
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
        for y in 0..<image.height {
            for x in 0..<image.width where data[y * stride + x] >= 128 {
                image.bits[y * image.bytesPerRow + x / 8] |= 0x80 >> UInt8(x % 8)
            }
        }
    }
}
