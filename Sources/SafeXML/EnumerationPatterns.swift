internal import CLibXML2

/// A validation-equivalent form of a schema set for accepting documents fast: each restriction
/// of `xs:string` or `xs:token` that only lists many plain values (letters and digits) becomes
/// one `xs:pattern` of the same values, factored by prefix into a deterministic expression.
///
/// Why: libxml2 checks an `xs:enumeration` facet value by value, each comparison going through
/// its generic value machinery, so a country code against the 249 ISO 3166 codes costs about a
/// hundred comparisons; a pattern runs a compiled automaton, one step per character. On a
/// 200-traveller manifest (five codes per traveller) that is a third of libxml2's whole check.
///
/// The variant accepts exactly what the published schema accepts: a value matches the pattern
/// if and only if it is one of the listed strings, after the same whitespace normalisation (the
/// base type's, which the rewrite keeps), and values of letters and digits need no escaping.
/// Its message for a wrong value is worse (an expression instead of the list), so callers use
/// it only to accept and check anything it refuses again with the published schema.
enum EnumerationPatterns {
    private static let xsd = XMLSchema.xsdNamespace
    /// Shorter lists stay as they are: a few comparisons cost no more than the automaton.
    static let minimumValues = 16

    /// The set with every qualifying restriction rewritten, or nil when none qualifies.
    /// A document that cannot be read or has nothing to rewrite keeps its bytes.
    static func rewrite(_ documents: [String: [UInt8]]) -> [String: [UInt8]]? {
        var result = documents
        var changed = false
        for (path, bytes) in documents {
            if let rewritten = rewrite(document: bytes) {
                result[path] = rewritten
                changed = true
            }
        }
        return changed ? result : nil
    }

    /// One schema document with its qualifying restrictions rewritten, or nil when it has none.
    static func rewrite(document bytes: [UInt8]) -> [UInt8]? {
        guard let document = try? XMLDocument.parse(bytes), let root = xmlDocGetRootElement(document.pointer) else { return nil }
        var lists: [ValueList] = []
        collect(below: root, into: &lists)
        guard !lists.isEmpty else { return nil }
        for list in lists {
            replace(list, in: document.pointer)
        }
        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemory(document.pointer, &memory, &size)
        guard let memory, size > 0 else { return nil }
        defer { paxsim_xmlFree(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(size)))
    }

    /// The deterministic expression matching exactly `values`: alternatives grouped by their
    /// first character, recursively (`AB`, `AC`, `B` -> `(A(B|C)|B)`), so the automaton never
    /// has two transitions on one character from one state.
    static func pattern(matching values: some Sequence<String>) -> String {
        branch(Set(values.map { Array($0.utf8) }).sorted(by: { $0.lexicographicallyPrecedes($1) })[...])
    }

    private static func branch(_ words: ArraySlice<[UInt8]>) -> String {
        let ends = words.contains(where: \.isEmpty)
        var alternatives: [String] = []
        var index = words.startIndex
        while index < words.endIndex {
            guard let first = words[index].first else {
                index += 1
                continue
            }
            var end = index
            while end < words.endIndex, words[end].first == first { end += 1 }
            let tails = words[index..<end].map { Array($0.dropFirst()) }
            alternatives.append(String(decoding: [first], as: UTF8.self) + branch(tails[...]))
            index = end
        }
        if alternatives.isEmpty { return "" }
        if ends { return "(" + alternatives.joined(separator: "|") + ")?" }
        return alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: "|") + ")"
    }

    // MARK: - The tree

    /// A restriction to rewrite: its `xs:enumeration` elements and their values.
    private struct ValueList {
        var restriction: xmlNodePtr
        var enumerations: [xmlNodePtr]
        var values: [String]
    }

    /// Every `xs:restriction` below `node` that `valueList(of:)` accepts, in document order.
    private static func collect(below node: xmlNodePtr, into found: inout [ValueList]) {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                if isXSD(current, "restriction"), let list = valueList(of: current) {
                    found.append(list)
                } else {
                    collect(below: current, into: &found)
                }
            }
            child = current.pointee.next
        }
    }

    /// The value list of `restriction` when it qualifies: its base is `xs:string` or `xs:token`,
    /// it has no attribute but `base` and `id`, nothing but annotations and at least
    /// `minimumValues` enumerations, each with only `value` (and `id`) made of letters and
    /// digits. Anything else (another facet, a pattern already there, an inline base type) and
    /// the restriction stays as written.
    private static func valueList(of restriction: xmlNodePtr) -> ValueList? {
        guard attributeNames(of: restriction).allSatisfy({ $0 == "base" || $0 == "id" }),
              let base = attribute(restriction, "base"), isBuiltInStringBase(base, at: restriction)
        else { return nil }
        var found = ValueList(restriction: restriction, enumerations: [], values: [])
        var child = restriction.pointee.children
        while let current = child {
            defer { child = current.pointee.next }
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if isXSD(current, "annotation") { continue }
                guard isXSD(current, "enumeration"),
                      attributeNames(of: current).allSatisfy({ $0 == "value" || $0 == "id" }),
                      let value = attribute(current, "value"), !value.isEmpty,
                      value.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
                else { return nil }
                found.enumerations.append(current)
                found.values.append(value)
            case XML_TEXT_NODE, XML_COMMENT_NODE:
                continue
            default:
                return nil
            }
        }
        return found.values.count >= minimumValues ? found : nil
    }

    /// Replaces the list's enumerations with one `xs:pattern` (in their namespace) of its values.
    private static func replace(_ list: ValueList, in document: xmlDocPtr) {
        guard let namespace = list.enumerations.first?.pointee.ns,
              let facet = xmlNewDocNode(document, namespace, "pattern", nil) else { return }
        guard xmlNewProp(facet, "value", pattern(matching: list.values)) != nil else {
            xmlFreeNode(facet)
            return
        }
        for node in list.enumerations {
            xmlUnlinkNode(node)
            xmlFreeNode(node)
        }
        xmlAddChild(list.restriction, facet)
    }

    /// `xs:string` or `xs:token` by the namespace its prefix has at `node`.
    private static func isBuiltInStringBase(_ qualified: String, at node: xmlNodePtr) -> Bool {
        let parts = qualified.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let local = parts.last, local == "string" || local == "token" else { return false }
        let namespace = parts.count == 2 ? xmlSearchNs(node.pointee.doc, node, String(parts[0])) : xmlSearchNs(node.pointee.doc, node, nil)
        guard let href = namespace?.pointee.href else { return false }
        return String(cString: href) == xsd
    }

    private static func isXSD(_ node: xmlNodePtr, _ localName: String) -> Bool {
        guard let href = node.pointee.ns?.pointee.href, let name = node.pointee.name else { return false }
        return String(cString: href) == xsd && String(cString: name) == localName
    }

    private static func attributeNames(of node: xmlNodePtr) -> [String] {
        var names: [String] = []
        var property = node.pointee.properties
        while let current = property {
            names.append(current.pointee.ns == nil ? current.pointee.name.map { String(cString: $0) } ?? "" : "{foreign}")
            property = current.pointee.next
        }
        return names
    }

    private static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetNoNsProp(node, name) else { return nil }
        defer { paxsim_xmlFree(value) }
        return String(cString: value)
    }
}
