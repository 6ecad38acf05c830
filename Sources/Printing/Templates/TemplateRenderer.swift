import Gate
import LabelgateCore

/// Renders a label from an approved template at a printer's resolution, then reads every symbol back with the
/// independent decoder. The gate compares what was read (see `LabelRendering`).
public struct TemplateRenderer: LabelRendering {
    /// The templates.
    public let catalog: TemplateCatalog
    /// The printer's resolution (203, 300 or 600).
    public let dotsPerInch: Int
    private let encoder = ZintEncoder()
    private let decoder = IndependentDecoder()
    private let referenceText: Bool

    /// Creates a renderer for a printer of `dotsPerInch`.
    public init(catalog: TemplateCatalog, dotsPerInch: Int) {
        self.init(catalog: catalog, dotsPerInch: dotsPerInch, referenceText: false)
    }

    /// For the tests: with `referenceText`, the text is drawn by Cairo in place on one label-sized surface
    /// (`TextRasterizer.drawInOneSurface`) instead of run by run, so the two can be compared dot for dot.
    package init(catalog: TemplateCatalog, dotsPerInch: Int, referenceText: Bool) {
        self.catalog = catalog
        self.dotsPerInch = dotsPerInch
        self.referenceText = referenceText
    }

    /// Whether the approved template says its labels carry an NFC tag (`"tag": true`).
    public func carriesTag(template: String) -> Bool {
        (try? catalog.approved(template))?.carriesTag ?? false
    }

    /// Draws the label and reads it back.
    public func render(_ job: RenderJob) throws -> RenderedLabel {
        let template = try catalog.approved(job.template)
        var image = MonochromeImage.blank(
            width: dots(template.widthMM), height: dots(template.heightMM), dotsPerInch: dotsPerInch)
        var placements: [(symbol: BarcodeSymbol, rect: DotRect, module: Int)] = []
        var texts: [TextRun] = []
        var boxes: [DotRect] = []
        for element in template.elements {
            let x = dots(element.xMM), y = dots(element.yMM)
            switch element.kind {
            case .payload, .dinBarcode, .productBarcode:
                let symbol = try Self.symbol(for: element.kind, job: job)
                let module = max(1, dots(element.moduleMM ?? (symbol.isMatrix ? 0.5 : 0.25)))
                let bitmap = try encoder.render(symbol, dotsPerModule: module, linearHeight: dots(element.heightMM ?? 10))
                let rect = DotRect(x: x, y: y, width: bitmap.width, height: bitmap.height)
                guard rect.x + rect.width <= image.width, rect.y + rect.height <= image.height else {
                    throw PrintingError(
                        .template, "\(element.kind.rawValue) does not fit on \(template.reference) at \(dotsPerInch) dpi")
                }
                image.draw(bitmap, x: x, y: y)
                placements.append((symbol, rect, module))
            case .text:
                let height = max(8, dots(element.textMM ?? 3))
                let (text, check) = try Self.text(for: element, job: job, template: template)
                texts.append(TextRun(text: text, x: x, baselineY: y + height, heightDots: height, bold: element.bold ?? false))
                if let check {
                    let checkX = x + TextRasterizer.advance(of: text + " ", heightDots: height, bold: element.bold ?? false)
                    texts.append(TextRun(text: check, x: checkX + height / 5, baselineY: y + height, heightDots: height, bold: true))
                    boxes.append(DotRect(x: checkX, y: y - height / 10, width: height * 3 / 4 + height / 5, height: height * 13 / 10))
                }
            }
        }
        if referenceText {
            try TextRasterizer.drawInOneSurface(texts: texts, boxes: boxes, onto: &image)
        } else {
            try TextRasterizer.draw(texts: texts, boxes: boxes, onto: &image)
        }
        // Each symbol is read back from the finished raster (text and all), one module per sample, only its own
        // region (with one module of margin) and symbology: zxing-cpp does the decoding, libzint is not involved.
        let symbols = placements.map { placement in
            let step = placement.module
            let region = (
                x: placement.rect.x - step, y: placement.rect.y - step,
                width: placement.rect.width + 2 * step, height: placement.rect.height + 2 * step
            )
            return ReadBack(
                expectedAIM: placement.symbol.expectedAIM, expectedBytes: placement.symbol.data,
                decoded: decoder.decodeSymbol(image, region: region, step: step, symbology: placement.symbol.symbology))
        }
        return RenderedLabel(templateVersion: template.reference, image: image, symbols: symbols)
    }

    private func dots(_ millimetres: Double) -> Int { Int((millimetres * Double(dotsPerInch) / 25.4).rounded()) }

    package static func symbol(for kind: LabelTemplate.Element.Kind, job: RenderJob) throws(PrintingError) -> BarcodeSymbol {
        switch kind {
        case .payload:
            if let elements = job.payload.elementString {
                let brackets = elements.elements.map { "[\($0.ai)]\($0.value)" }.joined()
                return BarcodeSymbol(gs1: .gs1DataMatrix, brackets: brackets, transmitted: job.payload.bytes)
            }
            return BarcodeSymbol(.dataMatrix, data: job.payload.bytes)
        case .dinBarcode: return BarcodeSymbol(.code128, data: Array(job.claim.din.dataStructure.utf8))
        case .productBarcode: return BarcodeSymbol(.code128, data: Array(job.claim.productCode.dataStructure.utf8))
        case .text: throw PrintingError(.template, "text is not a barcode")
        }
    }

    /// The text of a text element and, when asked for, the check character to box after it.
    static func text(for element: LabelTemplate.Element, job: RenderJob, template: LabelTemplate)
        throws(PrintingError) -> (String, String?)
    {
        let prefix = element.text ?? ""
        let boxed = element.boxedCheckCharacter ?? false
        switch element.field {
        case nil: return (prefix, nil)
        case "din":
            let din = job.claim.din
            return (prefix + din.humanReadable + " " + din.flags.encoded, boxed ? String(din.checkCharacter) : nil)
        case "coi":
            let coi = job.claim.coi
            return (prefix + coi.humanReadable, boxed ? String(coi.checkCharacter()) : nil)
        case "product": return (prefix + job.claim.productCode.content, nil)
        case "collected": return (prefix + LabelDateText.format(job.collectionDate), nil)
        case "facility": return (prefix + job.collectionFacility, nil)
        case "serial": return (prefix + job.claim.serial.text, nil)
        case "template": return (prefix + template.reference, nil)
        case let other?: throw PrintingError(.template, "unknown text field \(other) in \(template.reference)")
        }
    }
}
