public import PaxEDIFACT
public import SafeXML

/// A PAXLST segment with no place in the XML model, kept in a manifest's or traveller's
/// extension elements so a round trip loses nothing:
/// `<edi:Segment xmlns:edi="urn:paxsim:edifact" group="SG4">LOC+22+VIE</edi:Segment>`.
/// The text uses the default separators `:+.? '` with release escaping, without the terminator.
public enum EDIFACTExtension {
    public static let namespace = "urn:paxsim:edifact"
    static let segmentName = QualifiedName(namespace: namespace, localName: "Segment")

    /// The extension element holding `segment`; `group` names where it came from (`SG1`, `SG2`, `SG4`, `SG5`, `UNB`).
    public static func element(for segment: Segment, group: String) -> XMLElement {
        var writer = SegmentWriter(characters: .standard, segmentSuffix: [])
        var text = segment.tag
        do throws(EDIFACTError) {
            try writer.write(segment)
            text = String(decoding: writer.take().dropLast(), as: UTF8.self)
        } catch {}  // .standard has a release character: writing cannot fail
        return XMLElement(name: segmentName, prefix: "edi",
                          attributes: [XMLElement.Attribute(name: QualifiedName(namespace: "", localName: "group"), value: group)],
                          text: text)
    }

    /// The segment an extension element holds, with its group; nil for other elements.
    public static func segment(in element: XMLElement) -> (segment: Segment, group: String)? {
        guard element.name == segmentName else { return nil }
        let group = element.attributes.first { $0.name.localName == "group" }?.value ?? ""
        // Lexed after a UNB that declares UNOC, so envelope segments (UNB, UNH) read back too.
        var lexer = SegmentLexer()
        var segments: [Segment] = []
        do throws(EDIFACTError) {
            try lexer.feed(Array("UNA:+.? 'UNB+UNOC:4+X+X+000101:0000+X'\(element.text)'".utf8)) { segments.append($0) }
        } catch {
            return nil
        }
        guard segments.count == 2 else { return nil }
        let segment = segments[1]
        return (Segment(segment.tag, segment.elements), group)
    }
}
