import Foundation

/// An `xs:unique` constraint simple enough to check while streaming with constant memory per
/// key: "within each `scope` element, the `attribute` of its `selector` children is unique".
///
/// libxml2 keeps every key of an identity constraint, with bookkeeping per node, for the whole
/// scope: on a million-traveller manifest that alone is hundreds of megabytes. For streaming,
/// such constraints are taken out of the compiled schema and checked here instead, keeping
/// one 64-bit hash per key (a false duplicate needs a hash collision: about n²/2⁶⁵, below
/// 10⁻⁷ for a million keys).
public struct StreamingUniqueness: Sendable, Hashable {
    /// Local name of the element that declares the constraint (its scope).
    public var scope: String
    /// Local name of the children whose keys must be unique.
    public var selector: String
    /// The attribute holding the key.
    public var attribute: String
    /// The constraint's name, `{namespace}Name`, as libxml2 reports it.
    public var name: String
    /// How two keys compare, as libxml2 compares values of the attribute's type.
    public var comparison: KeyComparison = .collapsingWhitespace

    /// Key equality for the string types whose values libxml2 compares as text; a constraint
    /// on an attribute of any other type (numbers, dates, lists: compared by value, so `1`
    /// and `01` clash) stays with libxml2.
    public enum KeyComparison: Sendable, Hashable {
        /// `xs:string`, `xs:normalizedString` and types restricting them: the value as given
        /// (after the parser's attribute-value normalisation).
        case exact
        /// `xs:token` and the types derived from it (`Name`, `NMTOKEN`, `ID`, ...): runs of
        /// whitespace are one space, none at either end.
        case collapsingWhitespace

        func key(_ value: String) -> String {
            switch self {
            case .exact: value
            case .collapsingWhitespace:
                value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            }
        }
    }

    /// The schema documents with every such constraint removed, and the constraints removed.
    /// Constraints of any other shape (element fields, multi-step selectors, `xs:key`) stay in
    /// the schema and are checked by libxml2 as usual.
    static func extract(from documents: [String: [UInt8]]) -> (documents: [String: [UInt8]], constraints: [StreamingUniqueness]) {
        var result = documents
        var constraints: [StreamingUniqueness] = []
        let roots = documents.sorted(by: { $0.key < $1.key }).compactMap { path, bytes in
            (try? XMLDocument.parse(bytes))?.root.map { (path, bytes, $0) }
        }
        let types = SchemaTypeIndex(roots: roots.map(\.2))
        for (path, bytes, root) in roots {
            let targetNamespace = root.attribute("targetNamespace") ?? ""
            var text = String(decoding: bytes, as: UTF8.self)
            var changed = false
            for (scope, unique) in uniqueElements(in: root) {
                guard let name = unique.attribute("name"),
                      let selector = unique.child(named: "selector")?.attribute("xpath"),
                      unique.children(named: "field").count == 1,
                      let field = unique.child(named: "field")?.attribute("xpath"), field.hasPrefix("@"),
                      let selectorName = singleStep(selector)
                else { continue }
                let attribute = String(field.dropFirst())
                guard !attribute.contains(":"), !attribute.contains("/"),
                      let comparison = types.comparison(ofAttribute: attribute),
                      let removed = removing(uniqueNamed: name, from: text) else { continue }
                text = removed
                changed = true
                constraints.append(StreamingUniqueness(
                    scope: scope, selector: selectorName, attribute: attribute,
                    name: targetNamespace.isEmpty ? name : "{\(targetNamespace)}\(name)", comparison: comparison))
            }
            if changed { result[path] = Array(text.utf8) }
        }
        return (result, constraints)
    }

    private static let xsd = XMLSchema.xsdNamespace

    /// Every `xs:unique` with the `name` of the `xs:element` declaring it.
    private static func uniqueElements(in element: XMLElement, scope: String? = nil) -> [(String, XMLElement)] {
        var found: [(String, XMLElement)] = []
        let here = element.name.namespace == xsd && element.name.localName == "element" ? element.attribute("name") : scope
        for child in element.children {
            if child.name.namespace == xsd && child.name.localName == "unique", let here {
                found.append((here, child))
            } else {
                found += uniqueElements(in: child, scope: here)
            }
        }
        return found
    }

    /// `px:Traveler` or `Traveler` -> `Traveler`; nil for anything with more than one step.
    private static func singleStep(_ xpath: String) -> String? {
        let step = xpath.trimmingCharacters(in: .whitespaces)
        guard !step.isEmpty, !step.contains("/"), !step.contains("|"), !step.contains("@"),
              !step.contains("*"), !step.contains("."), !step.contains("[") else { return nil }
        return step.split(separator: ":").last.map(String.init)
    }

    /// The schema text without the `<xs:unique name="...">...</xs:unique>` element.
    private static func removing(uniqueNamed name: String, from text: String) -> String? {
        guard let open = text.range(of: "<xs:unique name=\"\(name)\""),
              let close = text.range(of: "</xs:unique>", range: open.upperBound..<text.endIndex)
        else { return nil }
        var result = text
        result.removeSubrange(open.lowerBound..<close.upperBound)
        return result
    }
}
