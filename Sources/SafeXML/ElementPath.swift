internal import CLibXML2

/// Element paths for diagnostics: `/TravelerManifest/Travelers/Traveler[3]/DateOfBirth`.
///
/// Local names only (the namespace is the schema's); a position `[n]` is given when the
/// element has siblings of the same name, as in XPath. Attributes end in `/@name`.
enum ElementPath {
    static func of(_ node: xmlNodePtr) -> String {
        var parts: [String] = []
        var current: xmlNodePtr? = node
        while let n = current {
            switch n.pointee.type {
            case XML_ELEMENT_NODE:
                let name = String(cString: n.pointee.name)
                let (position, repeated) = position(of: n)
                parts.append(repeated ? "\(name)[\(position)]" : name)
            case XML_ATTRIBUTE_NODE:
                parts.append("@" + String(cString: n.pointee.name))
            default:
                break
            }
            current = n.pointee.parent
            if current?.pointee.type == XML_DOCUMENT_NODE { break }
        }
        return "/" + parts.reversed().joined(separator: "/")
    }

    /// The 1-based position among same-named element siblings, and whether there are several.
    private static func position(of node: xmlNodePtr) -> (Int, Bool) {
        var index = 1
        var repeated = false
        var sibling = node.pointee.prev
        while let s = sibling {
            if sameName(s, node) { index += 1; repeated = true }
            sibling = s.pointee.prev
        }
        if !repeated {
            sibling = node.pointee.next
            while let s = sibling {
                if sameName(s, node) { repeated = true; break }
                sibling = s.pointee.next
            }
        }
        return (index, repeated)
    }

    private static func sameName(_ a: xmlNodePtr, _ b: xmlNodePtr) -> Bool {
        guard a.pointee.type == XML_ELEMENT_NODE, xmlStrEqual(a.pointee.name, b.pointee.name) != 0 else { return false }
        return xmlStrEqual(a.pointee.ns?.pointee.href, b.pointee.ns?.pointee.href) != 0
    }
}
