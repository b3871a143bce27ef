import SafeXML

/// Carrying elements of other namespaces through decode and encode unchanged.
///
/// Decoded extensions are normalised so that a value compares equal after a round trip:
/// line numbers are zeroed and the indentation-only text between child elements is dropped
/// (the writer re-indents). Text mixed with child elements is kept as one string, as
/// `XMLElement` stores it, so its position among the children is not preserved.
/// Namespace-qualified attributes (`v:source="..."`) are written too, under a declared prefix.
enum ExtensionElements {
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    /// `element` with line numbers zeroed and indentation-only text removed, recursively.
    static func normalized(_ element: XMLElement) -> XMLElement {
        var copy = element
        copy.line = 0
        copy.children = element.children.map(normalized)
        if !copy.children.isEmpty && XMLText.isBlank(copy.text) { copy.text = "" }
        return copy
    }

    /// Writes `elements` inside one of our elements (where the default namespace is ours and
    /// no prefix is bound).
    static func write(_ elements: [XMLElement], to writer: inout XMLWriter) throws(XMLWriterError) {
        for element in elements {
            try write(element, scope: ["": PaxMessage.namespace], to: &writer)
        }
    }

    /// `scope` maps each prefix in scope ("" for the default namespace) to its namespace URI.
    private static func write(_ element: XMLElement, scope: [String: String], to writer: inout XMLWriter) throws(XMLWriterError) {
        var scope = scope
        var attributes: [(String, String)] = []
        let prefix = element.prefix ?? ""
        if scope[prefix] != element.name.namespace {
            attributes.append((prefix.isEmpty ? "xmlns" : "xmlns:" + prefix, element.name.namespace))
            scope[prefix] = element.name.namespace
        }
        var generated = 0
        for attribute in element.attributes {
            let namespace = attribute.name.namespace
            if namespace.isEmpty {
                attributes.append((attribute.name.localName, attribute.value))
                continue
            }
            if namespace == xmlNamespace {
                attributes.append(("xml:" + attribute.name.localName, attribute.value))
                continue
            }
            // Attributes never take the default namespace: they need a bound prefix.
            var attributePrefix = scope.filter { !$0.key.isEmpty && $0.value == namespace }.keys.min()
            if attributePrefix == nil {
                var candidate: String
                repeat {
                    generated += 1
                    candidate = "ns\(generated)"
                } while scope[candidate] != nil
                attributes.append(("xmlns:" + candidate, namespace))
                scope[candidate] = namespace
                attributePrefix = candidate
            }
            attributes.append(((attributePrefix ?? "") + ":" + attribute.name.localName, attribute.value))
        }
        let qualifiedName = prefix.isEmpty ? element.name.localName : prefix + ":" + element.name.localName
        try writer.start(qualifiedName, attributeList: attributes)
        if element.children.isEmpty ? !element.text.isEmpty : !XMLText.isBlank(element.text) {
            try writer.text(element.text)
        }
        for child in element.children { try write(child, scope: scope, to: &writer) }
        try writer.end()
    }
}
