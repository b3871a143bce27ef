public import SafeXML

/// Finds the source line of an element path such as
/// `/TravelerManifest/Travelers/Traveler[3]/Documents/Document[1]/ExpiryDate` in a decoded
/// element tree (whose elements carry their start-tag line).
///
/// Steps match elements of the root's namespace by local name; `[n]` picks the n-th of the
/// same-named siblings (no index: the first); a final `@name` step resolves to its element.
/// When a step cannot be followed, the line of the deepest element reached is returned, so a
/// diagnostic still points near its subject; 0 when not even the root matches.
public struct SourceLocator {
    private let root: XMLElement
    /// Child positions by local name, per element already visited (keyed by its path), so
    /// locating many diagnostics in a large manifest does not rescan long sibling lists.
    private var childIndex: [String: [String: [Int]]] = [:]

    public init(root: XMLElement) { self.root = root }

    /// The 1-based line of the element at `path`, as close as it can be resolved.
    public mutating func line(of path: String) -> Int {
        var steps = path.split(separator: "/", omittingEmptySubsequences: true)[...]
        guard let first = steps.popFirst(), Self.parse(first)?.name == root.name.localName else { return 0 }
        var element = root
        var resolved = "/" + root.name.localName
        for step in steps {
            guard let (name, position) = Self.parse(step) else { break }
            if name.hasPrefix("@") { break }
            let positions = children(of: element, at: resolved)[name] ?? []
            guard position >= 1, position <= positions.count else { break }
            element = element.children[positions[position - 1]]
            resolved += "/" + step
        }
        return element.line
    }

    /// Resolves every diagnostic's line (column 0) from its path; diagnostics without a path
    /// keep their line.
    public mutating func locate(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            guard !diagnostic.path.isEmpty else { return diagnostic }
            var located = diagnostic
            located.line = line(of: diagnostic.path)
            located.column = 0
            return located
        }
    }

    private mutating func children(of element: XMLElement, at path: String) -> [String: [Int]] {
        if let known = childIndex[path] { return known }
        var index: [String: [Int]] = [:]
        for (offset, child) in element.children.enumerated() where child.name.namespace == root.name.namespace {
            index[child.name.localName, default: []].append(offset)
        }
        childIndex[path] = index
        return index
    }

    /// `Name[3]` as ("Name", 3), `Name` as ("Name", 1), `@attr` as ("@attr", 1); nil when malformed.
    private static func parse(_ step: Substring) -> (name: String, position: Int)? {
        guard let open = step.firstIndex(of: "[") else { return step.isEmpty ? nil : (String(step), 1) }
        guard step.last == "]" else { return nil }
        let digits = step[step.index(after: open)..<step.index(before: step.endIndex)]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let position = Int(digits) else { return nil }
        return (String(step[..<open]), position)
    }
}
