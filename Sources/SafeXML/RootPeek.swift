/// Names a document's root element from its first bytes, without parsing the whole document:
/// how streaming validation picks a schema from the catalogue before reading further.
public enum RootPeek {
    /// The root's namespace and local name, or nil when the start tag is not within `prefix`
    /// or cannot be read (the full parse then reports the real problem).
    public static func root(of prefix: [UInt8]) -> QualifiedName? {
        guard case .root(let offset) = PrologGuard.inspect(prefix[...]) else { return nil }
        var i = offset + 1
        func isNameByte(_ c: UInt8) -> Bool {
            !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x3E || c == 0x2F || c == 0x3D)
        }
        func readName() -> String? {
            let start = i
            while i < prefix.count, isNameByte(prefix[i]) { i += 1 }
            guard i < prefix.count, i > start else { return nil }
            return String(decoding: prefix[start..<i], as: UTF8.self)
        }
        func skipSpace() {
            while i < prefix.count, [0x20, 0x09, 0x0A, 0x0D].contains(prefix[i]) { i += 1 }
        }
        guard let qname = readName() else { return nil }
        var namespaces: [String: String] = [:]
        while true {
            skipSpace()
            guard i < prefix.count else { return nil }
            if prefix[i] == 0x3E || prefix[i] == 0x2F { break }
            guard let attribute = readName() else { return nil }
            skipSpace()
            guard i < prefix.count, prefix[i] == 0x3D else { return nil }
            i += 1
            skipSpace()
            guard i < prefix.count, prefix[i] == 0x22 || prefix[i] == 0x27 else { return nil }
            let quote = prefix[i]
            i += 1
            let start = i
            while i < prefix.count, prefix[i] != quote { i += 1 }
            guard i < prefix.count else { return nil }
            let value = String(decoding: prefix[start..<i], as: UTF8.self)
            i += 1
            if attribute == "xmlns" { namespaces[""] = value }
            else if attribute.hasPrefix("xmlns:") { namespaces[String(attribute.dropFirst(6))] = value }
        }
        let parts = qname.split(separator: ":", maxSplits: 1).map(String.init)
        let (prefixName, local) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts[0])
        return QualifiedName(namespace: namespaces[prefixName] ?? "", localName: local)
    }
}
