/// Writes segments with the given service characters, escaping separators (and the release
/// character itself) in data with the release character.
public struct SegmentWriter: Sendable {
    public var characters: ServiceCharacters
    /// Bytes appended after every segment terminator (a line break keeps files readable).
    public var segmentSuffix: [UInt8]
    public private(set) var bytes: [UInt8] = []

    public init(characters: ServiceCharacters = .standard, segmentSuffix: [UInt8] = [0x0A]) {
        self.characters = characters
        self.segmentSuffix = segmentSuffix
    }

    /// Appends the UNA service string advice.
    public mutating func writeServiceStringAdvice() {
        bytes += characters.unaSegment + segmentSuffix
    }

    /// Appends `segment` (trailing empty values dropped). Throws when data contains a
    /// separator and there is no release character to escape it.
    public mutating func write(_ segment: Segment) throws(EDIFACTError) {
        let trimmed = segment.trimmed
        bytes += trimmed.tag.utf8
        for (elementIndex, element) in trimmed.elements.enumerated() {
            bytes.append(characters.elementSeparator)
            for (componentIndex, component) in element.enumerated() {
                if componentIndex > 0 { bytes.append(characters.componentSeparator) }
                for byte in component.utf8 {
                    if characters.isStructural(byte) {
                        guard let release = characters.releaseCharacter else {
                            throw EDIFACTError(EDIFACTDiagnostic(
                                .error, .invalidValue,
                                at: SourcePosition(element: elementIndex + 1, component: componentIndex + 1),
                                tag: trimmed.tag, "a value contains a separator and no release character is declared"))
                        }
                        bytes.append(release)
                    }
                    bytes.append(byte)
                }
            }
        }
        bytes.append(characters.segmentTerminator)
        bytes += segmentSuffix
    }

    /// Takes the bytes written so far, leaving the writer empty.
    public mutating func take() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }
}
