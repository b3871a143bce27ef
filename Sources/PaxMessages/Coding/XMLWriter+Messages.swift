import SafeXML

extension XMLWriter {
    /// Opens a message root: `xmlns` first when it is the document root, then `schemaVersion`.
    mutating func startMessage(_ name: String, version: SchemaVersion, declaringNamespace: Bool) throws(XMLWriterError) {
        var attributes: [(String, String)] = []
        if declaringNamespace { attributes.append(("xmlns", PaxMessage.namespace)) }
        attributes.append(("schemaVersion", version.rawValue))
        try start(name, attributeList: attributes)
    }

    /// Writes `<name>value</name>` in the value's canonical form.
    mutating func value(_ name: String, _ value: some XMLTextValue) throws(XMLWriterError) {
        try element(name, value.xmlText)
    }

    /// Writes `<name>value</name>` only when `value` is not nil.
    mutating func value(_ name: String, ifPresent value: (some XMLTextValue)?) throws(XMLWriterError) {
        if let value { try element(name, value.xmlText) }
    }

    /// Writes extension elements of other namespaces.
    mutating func extensions(_ elements: [XMLElement]) throws(XMLWriterError) {
        try ExtensionElements.write(elements, to: &self)
    }
}
