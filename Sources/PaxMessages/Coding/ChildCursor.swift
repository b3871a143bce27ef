import SafeXML

/// Walks the children of an element in the order the schema's sequence declares them.
///
/// Each call consumes the next child if it has the expected name; `finish()` fails on
/// whatever is left, so nothing is skipped unnoticed.
struct ChildCursor {
    private let parent: ElementDecoder
    /// The parent's location, made once for all its children.
    private let parentLocation: ElementLocation
    private let children: [XMLElement]
    private var position = 0

    init(parent: ElementDecoder) {
        self.parent = parent
        parentLocation = parent.location
        children = parent.element.children
    }

    private var current: ElementDecoder? {
        position < children.count ? ElementDecoder(child: position, of: children, parent: parentLocation) : nil
    }

    private func isOurs(_ decoder: ElementDecoder, named name: String) -> Bool {
        decoder.element.name.localName == name && decoder.element.name.namespace == PaxMessage.namespace
    }

    /// The next child, whatever its name (for wildcard content such as an envelope payload).
    mutating func next() -> ElementDecoder? {
        guard let child = current else { return nil }
        position += 1
        return child
    }

    /// The next child, which must be our element `name`.
    mutating func required<T>(_ name: String,
                              _ decode: (ElementDecoder) throws(MessageDecodingError) -> T) throws(MessageDecodingError) -> T {
        guard let child = current, isOurs(child, named: name) else { throw missing(name) }
        position += 1
        return try decode(child)
    }

    /// The next child if it is our element `name`.
    mutating func optional<T>(_ name: String,
                              _ decode: (ElementDecoder) throws(MessageDecodingError) -> T) throws(MessageDecodingError) -> T? {
        guard let child = current, isOurs(child, named: name) else { return nil }
        position += 1
        return try decode(child)
    }

    /// Consecutive children named `name`, between `minimum` and `maximum` of them.
    mutating func repeated<T>(_ name: String, minimum: Int = 0, maximum: Int = .max,
                              _ decode: (ElementDecoder) throws(MessageDecodingError) -> T) throws(MessageDecodingError) -> [T] {
        var items: [T] = []
        while let child = current, isOurs(child, named: name) {
            if items.count == maximum { throw child.error(.tooMany(name, maximum: maximum)) }
            position += 1
            items.append(try decode(child))
        }
        if items.isEmpty && minimum > 0 { throw missing(name) }
        if items.count < minimum { throw parent.error(.tooFew(name, minimum: minimum, found: items.count)) }
        return items
    }

    /// The required simple-content child `name`, parsed.
    mutating func requiredValue<V: XMLTextValue>(_ name: String, as type: V.Type = V.self) throws(MessageDecodingError) -> V {
        try required(name) { child throws(MessageDecodingError) in try child.value(V.self) }
    }

    /// The optional simple-content child `name`, parsed.
    mutating func optionalValue<V: XMLTextValue>(_ name: String, as type: V.Type = V.self) throws(MessageDecodingError) -> V? {
        try optional(name) { child throws(MessageDecodingError) in try child.value(V.self) }
    }

    /// The extension point at the end of an extensible type: every following element of
    /// another (non-empty) namespace, normalised for comparison (see `ExtensionElements`).
    mutating func extensions() -> [XMLElement] {
        var result: [XMLElement] = []
        while let child = current, !child.element.name.namespace.isEmpty,
              child.element.name.namespace != PaxMessage.namespace {
            result.append(ExtensionElements.normalized(child.element))
            position += 1
        }
        return result
    }

    /// Fails if any child is left unread.
    func finish() throws(MessageDecodingError) {
        if let child = current { throw child.error(.unexpectedElement(child.element.name)) }
    }

    /// The error for a required element that is not next: the element in its place is
    /// reported as unexpected when it cannot belong here at all (unknown name or another
    /// namespace), otherwise the required one is reported missing at the place it should be.
    func missing(_ name: String) -> MessageDecodingError {
        guard let found = current else {
            return MessageDecodingError(path: parent.path + "/" + name, line: parent.element.line,
                                        problem: .missingElement(name, found: nil))
        }
        let foundName = found.element.name
        if foundName.namespace != PaxMessage.namespace || !PaxMessage.elementNames.contains(foundName.localName) {
            return found.error(.unexpectedElement(foundName))
        }
        return MessageDecodingError(path: parent.path + "/" + name, line: found.element.line,
                                    problem: .missingElement(name, found: foundName.localName))
    }
}
