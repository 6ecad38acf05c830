import Gate
import LabelgateCore
import Printing
import Testing

/// The fast drawing paths give the same dots as the plain ones: text drawn run by run (and reused from the run
/// cache) against Cairo drawing every run in place on one label-sized surface, for every template, resolution and
/// profile, and for a second label of the same job (whose repeated runs come from the cache).
@Suite struct RenderingEquivalenceTests {
    @Test(arguments: [203, 300, 600])
    func textDrawnRunByRunMatchesOneSurfaceDotForDot(dpi: Int) async throws {
        let fixture = try await PrintFixture()
        let fast = fixture.renderer(dpi: dpi)
        let reference = TemplateRenderer(catalog: fixture.catalog, dotsPerInch: dpi, referenceText: true)
        for template in ["bag", "small-container", "shipper"] {
            for profile in [LabelProfile.isbt, .gs1] {
                for _ in 0..<2 {
                    let issued = try await fixture.gate.issueLabel(
                        coi: fixture.record.coi, din: fixture.record.dins[0], profile: profile, by: PrintFixture.operatorA)
                    let job = RenderJob(
                        claim: issued.claim, payload: issued.payload, template: template,
                        collectionDate: fixture.record.collectionDate, collectionFacility: fixture.record.collectionFacility)
                    let drawn = try fast.render(job)
                    let expected = try reference.render(job)
                    #expect(drawn.image.bits == expected.image.bits, "\(template) \(profile) \(dpi) dpi")
                    #expect(drawn.symbols.allSatisfy { $0.decoded.count == 1 && $0.decoded[0].bytes == $0.expectedBytes })
                }
            }
        }
    }
}
