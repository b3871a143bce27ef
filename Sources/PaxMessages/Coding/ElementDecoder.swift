import SafeXML

/// One element being decoded, with its path for error messages.
///
/// Reads what the schema types describe and refuses anything else: unknown attributes,
/// stray text, child elements in simple content. Values are whitespace-collapsed first, as
/// every PaxSim simple type is. Attributes of the XML Schema instance namespace
/// (`xsi:schemaLocation`, ...) are processing hints, not data, and are ignored.
struct ElementDecoder {
    let element: XMLElement
    private let place: Place

    /// Where the element is: a known location, or child `index` of `siblings` under `parent`,
    /// whose location object is made only when asked for (an error, or a cursor over the
    /// element's own children), so the leaves of a large manifest allocate none.
    private enum Place {
        case located(ElementLocation)
        case child(parent: ElementLocation, siblings: [XMLElement], index: Int)
    }

    /// The element's location (its path is computed from it on demand: only errors need it).
    var location: ElementLocation {
        switch place {
        case .located(let location): location
        case .child(let parent, let siblings, let index): ElementLocation(parent: parent, siblings: siblings, index: index)
        }
    }

    /// The element's path, computed on demand (only errors need it).
    var path: String { location.path }

    init(element: XMLElement, path: String) {
        self.element = element
        place = .located(ElementLocation(path: path))
    }

    /// Child `index` of `siblings`, the children of the element at `parent`.
    init(child index: Int, of siblings: [XMLElement], parent: ElementLocation) {
        element = siblings[index]
        place = .child(parent: parent, siblings: siblings, index: index)
    }

    static let instanceNamespace = "http://www.w3.org/2001/XMLSchema-instance"

    func error(_ problem: MessageDecodingError.Problem) -> MessageDecodingError {
        MessageDecodingError(path: path, line: element.line, problem: problem)
    }

    // MARK: Attributes

    /// Fails on any attribute other than `allowed` (unqualified names).
    func checkAttributes(allowed: [String]) throws(MessageDecodingError) {
        for attribute in element.attributes where attribute.name.namespace != Self.instanceNamespace {
            if attribute.name.namespace.isEmpty && allowed.contains(attribute.name.localName) { continue }
            throw MessageDecodingError(path: path + "/@" + attribute.name.localName, line: element.line,
                                       problem: .unexpectedAttribute(attribute.name))
        }
    }

    /// The required unqualified attribute `name`, parsed.
    func attribute<V: XMLTextValue>(_ name: String, as type: V.Type = V.self) throws(MessageDecodingError) -> V {
        guard let raw = element.attribute(name) else { throw error(.missingAttribute(name)) }
        let text = XMLText.collapsingWhitespace(raw)
        guard let value = V(xmlText: text) else {
            throw MessageDecodingError(path: path + "/@" + name, line: element.line,
                                       problem: .invalidValue(text, expected: V.expectedForm))
        }
        return value
    }

    /// The required unqualified attribute `name` as an integer of at least `minimum`.
    func integerAttribute(_ name: String, minimum: Int) throws(MessageDecodingError) -> Int {
        guard let raw = element.attribute(name) else { throw error(.missingAttribute(name)) }
        let text = XMLText.collapsingWhitespace(raw)
        guard let value = Self.integer(text, minimum: minimum) else {
            throw MessageDecodingError(path: path + "/@" + name, line: element.line,
                                       problem: .invalidValue(text, expected: Self.integerForm(minimum)))
        }
        return value
    }

    // MARK: Simple content

    /// The collapsed text of an element with simple content and the given attributes.
    func text(attributes allowed: [String] = []) throws(MessageDecodingError) -> String {
        try checkAttributes(allowed: allowed)
        if let child = element.children.first {
            throw ElementDecoder(element: child, path: path + "/" + child.name.localName).error(.unexpectedElement(child.name))
        }
        return XMLText.collapsingWhitespace(element.text)
    }

    /// The element's text parsed as `V`.
    func value<V: XMLTextValue>(_ type: V.Type = V.self) throws(MessageDecodingError) -> V {
        let text = try text()
        guard let value = V(xmlText: text) else { throw error(.invalidValue(text, expected: V.expectedForm)) }
        return value
    }

    /// The element's text as an integer of at least `minimum` (`xs:nonNegativeInteger` is 0,
    /// `xs:positiveInteger` is 1).
    func integer(minimum: Int) throws(MessageDecodingError) -> Int {
        let text = try text()
        guard let value = Self.integer(text, minimum: minimum) else {
            throw error(.invalidValue(text, expected: Self.integerForm(minimum)))
        }
        return value
    }

    private static func integer(_ text: String, minimum: Int) -> Int? {
        // Int(_:) takes exactly the xs:integer lexical form: optional sign, digits.
        guard let value = Int(text), value >= minimum else { return nil }
        return value
    }

    private static func integerForm(_ minimum: Int) -> String {
        "an integer of at least \(minimum)"
    }

    // MARK: Element content

    /// A cursor over the children of an element with element-only content and the given
    /// attributes; fails on non-whitespace text.
    func contents(attributes allowed: [String] = []) throws(MessageDecodingError) -> ChildCursor {
        try checkAttributes(allowed: allowed)
        if !XMLText.isBlank(element.text) {
            throw error(.unexpectedText(XMLText.collapsingWhitespace(element.text)))
        }
        return ChildCursor(parent: self)
    }
}
