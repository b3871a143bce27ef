internal import CLibXML2

/// An element as a Swift value: name, namespace, attributes, child elements and text.
///
/// The form that decoders in higher layers read; built from a parsed `XMLDocument`.
/// Comments and processing instructions are not kept; text is the concatenation of the
/// element's direct text and CDATA children.
public struct XMLElement: Sendable, Hashable, Codable {
    public var name: QualifiedName
    /// The prefix the document used, if any (kept so re-encoded extensions look the same).
    public var prefix: String?
    public var attributes: [Attribute]
    public var children: [XMLElement]
    public var text: String
    /// 1-based line of the start tag in the source document, 0 for built values.
    public var line: Int

    public struct Attribute: Sendable, Hashable, Codable {
        public var name: QualifiedName
        public var value: String

        public init(name: QualifiedName, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(name: QualifiedName, prefix: String? = nil, attributes: [Attribute] = [],
                children: [XMLElement] = [], text: String = "", line: Int = 0) {
        self.name = name
        self.prefix = prefix
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    /// The element `node` and everything below it. `strings` converts libxml2's names and
    /// namespace URIs once per distinct pointer (names come from the document's dictionary),
    /// and text is read from the nodes without copying it through libxml2 first.
    init(_ node: xmlNodePtr, strings: inout NodeStrings) {
        name = QualifiedName(namespace: node.pointee.ns?.pointee.href.map { strings.string($0) } ?? "",
                             localName: strings.string(node.pointee.name))
        prefix = node.pointee.ns?.pointee.prefix.map { strings.string($0) }
        line = Int(xmlGetLineNo(node))
        var attributes: [Attribute] = []
        var attribute = node.pointee.properties
        while let a = attribute {
            let local = strings.string(a.pointee.name)
            let namespace = a.pointee.ns?.pointee.href.map { strings.string($0) } ?? ""
            var value = ""
            if let only = a.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE {
                // One text child (no entity references): its content is the value.
                value = only.pointee.content.map { String(cString: $0) } ?? ""
            } else if let raw = xmlNodeListGetString(node.pointee.doc, a.pointee.children, 1) {
                value = String(cString: raw)
                paxsim_xmlFree(raw)
            }
            attributes.append(Attribute(name: QualifiedName(namespace: namespace, localName: local), value: value))
            attribute = a.pointee.next
        }
        self.attributes = attributes
        // Text first (direct text and CDATA children, concatenated once), then the child
        // elements, whose conversion reuses the text buffer.
        text = strings.text(ofChildrenOf: node)
        var children: [XMLElement] = []
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { children.append(XMLElement(c, strings: &strings)) }
            child = c.pointee.next
        }
        self.children = children
    }

    /// The value of the attribute with this local name (no namespace).
    public func attribute(_ localName: String) -> String? {
        attributes.first { $0.name.localName == localName && $0.name.namespace.isEmpty }?.value
    }

    /// Child elements with this local name, in document order.
    public func children(named localName: String) -> [XMLElement] {
        children.filter { $0.name.localName == localName }
    }

    /// The first child element with this local name.
    public func child(named localName: String) -> XMLElement? {
        children.first { $0.name.localName == localName }
    }
}
