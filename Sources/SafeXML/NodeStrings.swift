internal import CLibXML2

/// libxml2 strings converted to Swift once per distinct pointer while one document's tree is
/// converted: element and attribute names come from the parser's dictionary and a namespace
/// URI from its one declaration, so a manifest's thousands of names are a few conversions.
/// Valid only while the document is alive and unchanged (nothing is freed during a conversion).
struct NodeStrings {
    private var converted: [UnsafePointer<xmlChar>: String] = [:]
    /// Reused for the text of each element.
    private var buffer: [UInt8] = []

    /// The string at `pointer`.
    mutating func string(_ pointer: UnsafePointer<xmlChar>) -> String {
        if let known = converted[pointer] { return known }
        let text = String(cString: pointer)
        converted[pointer] = text
        return text
    }

    /// The concatenated content of `node`'s text and CDATA children (what xmlNodeGetContent
    /// gives for each), built once.
    mutating func text(ofChildrenOf node: xmlNodePtr) -> String {
        buffer.removeAll(keepingCapacity: true)
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_TEXT_NODE || c.pointee.type == XML_CDATA_SECTION_NODE, let content = c.pointee.content {
                var end = content
                while end.pointee != 0 { end += 1 }
                buffer.append(contentsOf: UnsafeBufferPointer(start: content, count: end - content))
            }
            child = c.pointee.next
        }
        return String(decoding: buffer, as: UTF8.self)
    }
}
