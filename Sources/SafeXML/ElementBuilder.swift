internal import CLibXML2

/// Builds `XMLElement` values from SAX2 events while a streaming pass validates the same
/// events, for the one-pass check (`XMLSchema.validatedRoot(of:limits:)`): the values
/// `XMLDocument.root` gives for the same bytes, without a libxml2 tree to build, walk and free.
///
/// Open elements are a stack; their direct text is one shared byte buffer in which each open
/// element's text starts where its own start tag left it, so a child's text is cut off the end
/// when the child closes and the parent's text continues after it.
struct ElementBuilder {
    private struct Open {
        var name: QualifiedName
        var prefix: String?
        var attributes: [XMLElement.Attribute]
        var children: [XMLElement] = []
        var textStart: Int
        var line: Int
    }

    private var open: [Open] = []
    private var textBytes: [UInt8] = []
    /// Names, prefixes and namespace URIs from the parser's dictionary, converted once each.
    private var interned: [UnsafePointer<xmlChar>: String] = [:]
    /// The root element once its end tag is read.
    private(set) var root: XMLElement?
    /// Set when the events hold something this builder does not reproduce exactly as the tree
    /// would (an attribute value with a character reference to `&`, which SAX2 hands over as
    /// `&#38;`): the caller then reads the document as a tree instead.
    private(set) var unsupported = false

    init() {}

    /// How many elements are open.
    var depth: Int { open.count }

    mutating func start(localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
                        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int, line: Int,
                        dictionary: xmlDictPtr?) {
        var values: [XMLElement.Attribute] = []
        if let attributes, count > 0 {
            values.reserveCapacity(count)
            for i in 0..<count {
                // libxml2 SAX2: localname, prefix, URI, value start, value end per attribute.
                guard let local = attributes[i * 5], let start = attributes[i * 5 + 3], let end = attributes[i * 5 + 4],
                      end >= start else {
                    unsupported = true
                    continue
                }
                let bytes = UnsafeBufferPointer(start: start, count: end - start)
                if bytes.contains(0x26) { unsupported = true }
                values.append(XMLElement.Attribute(
                    name: QualifiedName(namespace: attributes[i * 5 + 2].map { string($0, dictionary) } ?? "",
                                        localName: string(local, dictionary)),
                    value: String(decoding: bytes, as: UTF8.self)))
            }
        }
        open.append(Open(name: QualifiedName(namespace: uri.map { string($0, dictionary) } ?? "",
                                             localName: string(localName, dictionary)),
                         prefix: prefix.map { string($0, dictionary) }, attributes: values,
                         textStart: textBytes.count, line: line))
    }

    mutating func text(_ bytes: UnsafeBufferPointer<xmlChar>) {
        guard !open.isEmpty else { return }
        textBytes.append(contentsOf: bytes)
    }

    mutating func end() {
        guard let closed = open.popLast() else { return }
        let textCount = textBytes.count - closed.textStart
        let text = textCount == 0 ? "" : String(decoding: textBytes[closed.textStart...], as: UTF8.self)
        textBytes.removeLast(textCount)
        let element = XMLElement(name: closed.name, prefix: closed.prefix, attributes: closed.attributes,
                                 children: closed.children, text: text, line: closed.line)
        if open.isEmpty {
            root = consume element
        } else {
            open[open.count - 1].children.append(consume element)
        }
    }

    /// The string at `pointer`: cached by address only for the parser dictionary's strings,
    /// which stay put for the whole parse; anything else is converted every time.
    private mutating func string(_ pointer: UnsafePointer<xmlChar>, _ dictionary: xmlDictPtr?) -> String {
        if let known = interned[pointer] { return known }
        let value = String(cString: pointer)
        if let dictionary, xmlDictOwns(dictionary, pointer) == 1 { interned[pointer] = value }
        return value
    }
}
