/// The attribute declarations and named simple types of a set of XSD documents, enough to tell
/// how libxml2 compares an attribute's values in an identity constraint
/// (`StreamingUniqueness.extract`): as text (string types) or by value (anything else).
struct SchemaTypeIndex {
    private static let xsd = XMLSchema.xsdNamespace
    /// Every `xs:attribute name="..."` declaration, by name.
    private var attributes: [String: [XMLElement]] = [:]
    /// Every named `xs:simpleType`, by local name.
    private var simpleTypes: [String: XMLElement] = [:]

    init(roots: [XMLElement]) {
        for root in roots { collect(root) }
    }

    private mutating func collect(_ element: XMLElement) {
        if element.name.namespace == Self.xsd, let name = element.attribute("name") {
            switch element.name.localName {
            case "attribute": attributes[name, default: []].append(element)
            case "simpleType": simpleTypes[name] = element
            default: break
            }
        }
        for child in element.children { collect(child) }
    }

    /// How the values of attribute `name` compare, when every declaration of it in the set has
    /// a string type; nil when any has another type, none is found, or they disagree.
    func comparison(ofAttribute name: String) -> StreamingUniqueness.KeyComparison? {
        guard let declarations = attributes[name], !declarations.isEmpty else { return nil }
        let found = Set(declarations.map { declaration -> StreamingUniqueness.KeyComparison? in
            if let type = declaration.attribute("type") { return comparison(ofTypeNamed: type, depth: 0) }
            return declaration.child(named: "simpleType").flatMap { comparison(ofSimpleType: $0, depth: 0) }
        })
        guard found.count == 1, let only = found.first else { return nil }
        return only
    }

    private func comparison(ofTypeNamed qualified: String, depth: Int) -> StreamingUniqueness.KeyComparison? {
        let parts = qualified.split(separator: ":", maxSplits: 1).map(String.init)
        let local = parts.last ?? qualified
        if parts.count == 2, parts[0] == "xs" || parts[0] == "xsd" {
            switch local {
            case "string", "normalizedString": return .exact
            case "token", "language", "Name", "NCName", "NMTOKEN", "ID", "IDREF", "ENTITY": return .collapsingWhitespace
            default: return nil
            }
        }
        guard depth < 16, let type = simpleTypes[local] else { return nil }
        return comparison(ofSimpleType: type, depth: depth + 1)
    }

    /// A simple type derived by restriction (lists and unions compare by value).
    private func comparison(ofSimpleType type: XMLElement, depth: Int) -> StreamingUniqueness.KeyComparison? {
        guard let restriction = type.child(named: "restriction") else { return nil }
        let base = restriction.attribute("base").map { comparison(ofTypeNamed: $0, depth: depth) }
            ?? restriction.child(named: "simpleType").flatMap { comparison(ofSimpleType: $0, depth: depth + 1) }
        // A string type restricted to collapsed whitespace compares collapsed values.
        if base != nil, restriction.child(named: "whiteSpace")?.attribute("value") == "collapse" { return .collapsingWhitespace }
        return base
    }
}
