/// One segment: a tag, its data elements and their components, already unescaped, with the
/// position of its first byte.
public struct Segment: Sendable, Hashable {
    /// Three upper-case letters or digits, e.g. `NAD`.
    public var tag: String
    /// Data elements after the tag; each is its components (one component for a simple element).
    public var elements: [[String]]
    public var position: SourcePosition

    public init(_ tag: String, _ elements: [[String]], position: SourcePosition = SourcePosition()) {
        self.tag = tag
        self.elements = elements
        self.position = position
    }

    /// The component at 1-based `element`, `component`; empty when absent (EDIFACT makes no
    /// difference between an empty and an omitted value).
    public subscript(element: Int, component: Int = 1) -> String {
        guard element >= 1, element <= elements.count else { return "" }
        let components = elements[element - 1]
        guard component >= 1, component <= components.count else { return "" }
        return components[component - 1]
    }

    /// The component, or nil when absent or empty.
    public func value(_ element: Int, _ component: Int = 1) -> String? {
        let text = self[element, component]
        return text.isEmpty ? nil : text
    }

    /// The position of one value in this segment, for diagnostics.
    public func position(element: Int, component: Int? = nil) -> SourcePosition {
        position.at(element: element, component: component)
    }

    /// Trailing empty components and elements removed: what a writer emits.
    public var trimmed: Segment {
        var copy = self
        copy.elements = elements.map { components in
            var components = components
            while components.count > 1, components.last?.isEmpty == true { components.removeLast() }
            return components
        }
        while let last = copy.elements.last, last.allSatisfy(\.isEmpty) { copy.elements.removeLast() }
        return copy
    }
}
