public import PaxEDIFACT

/// Where the fields of a manifest read from PAXLST came from: for an element path of the
/// converted XML (`/TravelerManifest/Travelers/Traveler[3]/Documents/Document[1]/ExpiryDate`),
/// the segment (number, line:column, tag) the value was read from. Schema and business-rule
/// diagnostics of the converted manifest are reported there, as if the rules ran on the PAXLST.
public struct PAXLSTSourceMap: Sendable, Hashable {
    /// A segment a value came from.
    public struct Origin: Sendable, Hashable {
        public var tag: String
        public var position: SourcePosition

        public init(tag: String, position: SourcePosition) {
            self.tag = tag
            self.position = position
        }

        init(_ segment: Segment, element: Int? = nil, component: Int? = nil) {
            tag = segment.tag
            position = element.map { segment.position(element: $0, component: component) } ?? segment.position
        }
    }

    /// One traveller's segments: NAD, then field elements by name (`DateOfBirth` -> DTM+329).
    public struct TravelerOrigins: Sendable, Hashable {
        public var nad: Origin
        public var fields: [String: Origin] = [:]
        /// Per document (in the order kept): the DOC segment and its fields.
        public var documents: [DocumentOrigins] = []

        public init(nad: Origin) { self.nad = nad }
    }

    /// One document's segments: DOC, then fields by element name (`ExpiryDate` -> DTM+36).
    public struct DocumentOrigins: Sendable, Hashable {
        public var doc: Origin
        public var fields: [String: Origin] = [:]

        public init(doc: Origin) { self.doc = doc }
    }

    /// The message as a whole (UNH of its first part).
    public var message: Origin
    /// Manifest-level paths (normalised, see `normalised(_:)`), e.g. `/TravelerManifest[1]/Totals[1]`.
    public var manifest: [String: Origin] = [:]
    /// Per traveller, in manifest order.
    public var travelers: [TravelerOrigins] = []

    public init(message: Origin) { self.message = message }

    /// The segment `path` (an element path of the converted XML) came from: the deepest
    /// recorded step of the path; the message's UNH when nothing on the path is recorded.
    public func origin(of path: String) -> Origin {
        let steps = Self.steps(path)
        guard steps.count >= 2, steps[0].name == "TravelerManifest" else { return message }
        if steps[1].name == "Travelers", steps.count >= 3, steps[2].name == "Traveler" {
            let index = steps[2].position - 1
            guard travelers.indices.contains(index) else { return manifest["/TravelerManifest[1]/Travelers[1]"] ?? message }
            let traveler = travelers[index]
            guard steps.count >= 4 else { return traveler.nad }
            if steps[3].name == "Documents", steps.count >= 5, steps[4].name == "Document" {
                let documents = traveler.documents
                let number = steps[4].position - 1
                guard documents.indices.contains(number) else { return traveler.fields["Documents"] ?? traveler.nad }
                guard steps.count >= 6 else { return documents[number].doc }
                return documents[number].fields[steps[5].name] ?? documents[number].doc
            }
            return traveler.fields[steps[3].name] ?? traveler.nad
        }
        var prefix = steps
        while !prefix.isEmpty {
            if let found = manifest[Self.key(prefix)] { return found }
            prefix.removeLast()
        }
        return message
    }

    /// `/A/B[2]/C` as `/A[1]/B[2]/C[1]` (XPath-style positions made explicit; an `@attribute`
    /// step and anything after it dropped), so schema paths (`[n]` only on repeated siblings) and
    /// rule paths (always `[n]`) look the same.
    public static func normalised(_ path: String) -> String { key(steps(path)) }

    private static func key(_ steps: [(name: String, position: Int)]) -> String {
        steps.map { "/\($0.name)[\($0.position)]" }.joined()
    }

    private static func steps(_ path: String) -> [(name: String, position: Int)] {
        var result: [(name: String, position: Int)] = []
        for step in path.split(separator: "/", omittingEmptySubsequences: true) {
            if step.hasPrefix("@") { break }
            guard let open = step.firstIndex(of: "["), step.last == "]" else {
                result.append((String(step.split(separator: ":").last ?? step), 1))
                continue
            }
            let name = step[..<open]
            let number = Int(step[step.index(after: open)..<step.index(before: step.endIndex)]) ?? 1
            result.append((String(name.split(separator: ":").last ?? name), number))
        }
        return result
    }
}
