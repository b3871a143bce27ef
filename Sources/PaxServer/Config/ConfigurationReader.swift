/// Reads typed values out of a JSON object, with errors that name the file, line and key path,
/// and refuses keys it was not asked about (a misspelt key is an error, not a silent default).
struct ConfigurationReader {
    let path: String
    let keyPath: String
    let node: JSONNode
    private let members: [JSONNode.Member]

    init(path: String, keyPath: String, node: JSONNode) throws(ConfigurationError) {
        self.path = path
        self.keyPath = keyPath
        self.node = node
        guard case .object(let members) = node.value else {
            throw ConfigurationError(path: path, line: node.line, keyPath: keyPath.isEmpty ? "(top level)" : keyPath,
                                     reason: "expected an object, found \(node.typeName)")
        }
        self.members = members
    }

    func fullPath(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    func fail(_ key: String, _ reason: String) -> ConfigurationError {
        let line = members.first { $0.key == key }?.value.line ?? node.line
        return ConfigurationError(path: path, line: line, keyPath: fullPath(key), reason: reason)
    }

    /// Refuses any key not in `known`.
    func refuseUnknownKeys(_ known: Set<String>) throws(ConfigurationError) {
        for member in members where !known.contains(member.key) {
            throw ConfigurationError(path: path, line: member.keyLine, keyPath: fullPath(member.key),
                                     reason: "unknown key (known here: \(known.sorted().joined(separator: ", ")))")
        }
    }

    func node(_ key: String) -> JSONNode? {
        guard let member = members.first(where: { $0.key == key }) else { return nil }
        if case .null = member.value.value { return nil }
        return member.value
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = node(key) else { return nil }
        guard case .string(let text) = value.value else { throw fail(key, "expected a string, found \(value.typeName)") }
        guard !text.isEmpty else { throw fail(key, "must not be empty") }
        return text
    }

    func requiredString(_ key: String) throws(ConfigurationError) -> String {
        guard let text = try string(key) else { throw missing(key) }
        return text
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = node(key) else { return nil }
        guard case .number(let text) = value.value else { throw fail(key, "expected a whole number, found \(value.typeName)") }
        guard let number = Int(text) else { throw fail(key, "expected a whole number, found \(text)") }
        guard range.contains(number) else { throw fail(key, "\(number) is out of range (\(range.lowerBound)…\(range.upperBound))") }
        return number
    }

    func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = node(key) else { return nil }
        guard case .bool(let flag) = value.value else { throw fail(key, "expected true or false, found \(value.typeName)") }
        return flag
    }

    func object(_ key: String) throws(ConfigurationError) -> ConfigurationReader? {
        guard let value = node(key) else { return nil }
        return try ConfigurationReader(path: path, keyPath: fullPath(key), node: value)
    }

    func array(_ key: String) throws(ConfigurationError) -> [JSONNode]? {
        guard let value = node(key) else { return nil }
        guard case .array(let elements) = value.value else { throw fail(key, "expected an array, found \(value.typeName)") }
        return elements
    }

    /// An array of IATA airport codes (three capital letters), empty when absent.
    func airportCodes(_ key: String) throws(ConfigurationError) -> [String] {
        var codes: [String] = []
        for (index, element) in (try array(key) ?? []).enumerated() {
            guard case .string(let code) = element.value, code.utf8.count == 3,
                  code.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
                throw ConfigurationError(path: path, line: element.line, keyPath: "\(fullPath(key))[\(index)]",
                                         reason: "expected an IATA airport code (three capital letters)")
            }
            codes.append(code)
        }
        return codes
    }

    func missing(_ key: String) -> ConfigurationError {
        ConfigurationError(path: path, line: node.line, keyPath: fullPath(key), reason: "missing (required)")
    }
}
