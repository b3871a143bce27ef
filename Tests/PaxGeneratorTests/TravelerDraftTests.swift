@testable import PaxGenerator
import PaxMessages
import SafeXML
import PaxBase
import Testing

/// A draft's two renderings agree: the bytes `appendXML` writes are what `TravelerXML`
/// writes for the model value, including for names the streaming path has to escape or
/// cannot put in an MRZ, where it must fall back exactly as the model does.
@Suite struct TravelerDraftTests {
    /// Drafts of a real list, and the context they render against.
    static func drafts(seed: UInt64) throws -> ([TravelerDraft], PassengerListContext) {
        var generator = Generator(seed: seed)
        generator.workers = 1
        let plan = try generator.flight(on: try RunFixtures.date("2026-07-02"))
        var stream = generator.passengerStream(for: plan, travelers: 60)
        var drafts: [TravelerDraft] = []
        var context: PassengerListContext? = nil
        while !stream.isFinished {
            let shares = stream.nextBatch(upTo: 25, workers: ParallelWorkers([()])) { _, share in share }
            for share in shares {
                drafts += share.drafts
                context = share.context
            }
        }
        return (drafts, try #require(context))
    }

    static func bytes(of draft: TravelerDraft, in context: PassengerListContext) throws -> (draft: [UInt8], model: [UInt8]) {
        let streamed = XMLByteBuffer(), modelled = XMLByteBuffer()
        try streamed.withCursor { (out: inout ByteCursor) throws(XMLWriterError) in
            try draft.appendXML(in: context, depth: 2, to: &out)
        }
        try TravelerXML.append(draft.generated(in: context).traveler, depth: 2, to: modelled)
        return (streamed.bytes, modelled.bytes)
    }

    @Test func everyDraftRendersAsItsModelValue() throws {
        let (drafts, context) = try Self.drafts(seed: 21)
        #expect(drafts.count == 60)
        #expect(drafts.contains { $0.document.mrz != nil })
        for draft in drafts {
            let (streamed, modelled) = try Self.bytes(of: draft, in: context)
            #expect(streamed == modelled, "traveller \(draft.index)")
        }
    }

    @Test func namesThatNeedEscapingOrHaveNoMRZFormRenderAsTheModel() throws {
        let (drafts, context) = try Self.drafts(seed: 22)
        var draft = try #require(drafts.first { $0.document.mrz != nil })
        // `&` and `<` must be escaped; the Han name has no MRZ form, so the MRZ falls back
        // to `MRZBuilder` (which gives no lines for it) in both renderings.
        draft.holder.name = PersonName(givenNames: [NameEntry("ANNE & MARIE")], surnames: [NameEntry("李"), NameEntry("O<NEIL")],
                                       culture: .english)
        draft.placeOfBirth = "SAN JOSÉ & <ALAJUELA>"
        let (streamed, modelled) = try Self.bytes(of: draft, in: context)
        #expect(streamed == modelled)
        let text = String(decoding: streamed, as: UTF8.self)
        #expect(text.contains("<Surname>李 O&lt;NEIL</Surname>"))
        #expect(text.contains("<GivenNames>ANNE &amp; MARIE</GivenNames>"))
        #expect(text.contains("<PlaceOfBirth>SAN JOSÉ &amp; &lt;ALAJUELA&gt;</PlaceOfBirth>"))

        // A name whose parts have MRZ forms gets its MRZ composed into the bytes.
        draft.holder.name = PersonName(givenNames: [NameEntry("JOSÉ"), NameEntry("ÁNGEL")], surnames: [NameEntry("PEÑA")],
                                       culture: .spanish)
        let (composed, model) = try Self.bytes(of: draft, in: context)
        #expect(composed == model)
        #expect(String(decoding: composed, as: UTF8.self).contains("PENA&lt;&lt;JOSE&lt;ANGEL"))
    }

    @Test func aCharacterXMLCannotCarryFailsLikeTheModelEncoder() throws {
        let (drafts, context) = try Self.drafts(seed: 23)
        var draft = try #require(drafts.first)
        draft.placeOfBirth = "BAD\u{1}PLACE"
        let buffer = XMLByteBuffer()
        #expect(throws: XMLWriterError.self) {
            try buffer.withCursor { (out: inout ByteCursor) throws(XMLWriterError) in
                try draft.appendXML(in: context, depth: 2, to: &out)
            }
        }
        #expect(throws: XMLWriterError.self) {
            try TravelerXML.append(draft.generated(in: context).traveler, depth: 2, to: XMLByteBuffer())
        }
    }
}
