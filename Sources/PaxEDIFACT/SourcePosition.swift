/// Where something is in an interchange: the segment's ordinal and the line and column of its
/// first byte in the received bytes, plus element and component indexes (from 1) when a
/// diagnostic is about one value.
public struct SourcePosition: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based ordinal of the segment in the interchange (UNA not counted); 0 when unknown.
    public var segment: Int
    /// 1-based line in the received bytes; 0 when unknown.
    public var line: Int
    /// 1-based byte column in that line; 0 when unknown.
    public var column: Int
    /// 1-based element index within the segment (the tag is element 0); nil for the whole segment.
    public var element: Int?
    /// 1-based component index within the element; nil for the whole element.
    public var component: Int?

    public init(segment: Int = 0, line: Int = 0, column: Int = 0, element: Int? = nil, component: Int? = nil) {
        self.segment = segment
        self.line = line
        self.column = column
        self.element = element
        self.component = component
    }

    /// The same position narrowed to one element (and component).
    public func at(element: Int, component: Int? = nil) -> SourcePosition {
        var copy = self
        copy.element = element
        copy.component = component
        return copy
    }

    /// `12:5 segment 7 element 2.1`.
    public var description: String {
        var text = "\(line):\(column) segment \(segment)"
        if let element { text += " element \(element)" + (component.map { ".\($0)" } ?? "") }
        return text
    }
}
