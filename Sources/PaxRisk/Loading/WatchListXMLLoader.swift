import PaxMessages
import SafeXML

/// The XML half of `WatchListLoader`: hardened parse, schema validation, then decoding, with
/// every schema error attributed to the entry whose lines contain it.
enum WatchListXMLLoader {
    static func load(bytes: [UInt8], file: String, lenient: Bool) throws(SourceLoadError) -> LoadedWatchList {
        let document: XMLDocument
        do {
            document = try XMLDocument.parse(bytes)
        } catch {
            throw SourceLoadError(problems: error.diagnostics.map { problem($0, file) })
        }
        guard var root = document.root else {
            throw SourceLoadError(problems: [SourceProblem(file: file, line: 0, message: "the document has no root element")])
        }
        let schema: XMLSchema
        do {
            schema = try WatchList.schema
        } catch {
            throw SourceLoadError(problems: [SourceProblem(file: file, line: 0, message: "cannot compile the watch-list schema: \(error)")])
        }
        let errors = schema.validateAcceptingFirst(document).filter { $0.severity == .error }
        var skipped: [SourceProblem] = []
        if !errors.isEmpty {
            guard lenient, root.name.localName == WatchList.rootElementName else {
                throw SourceLoadError(problems: errors.map { problem($0, file) })
            }
            // Attribute each error to the child of the root whose lines hold it.
            let children = root.children
            var bad = Set<Int>()
            var outside: [Diagnostic] = []
            for error in errors {
                let owner = children.lastIndex { $0.line <= error.line }
                if let owner, children[owner].name.localName == "Entry" {
                    bad.insert(owner)
                    let id = children[owner].attribute("id").map { "entry '\($0)' skipped: " } ?? "entry skipped: "
                    skipped.append(SourceProblem(file: file, line: error.line, message: id + error.message))
                } else {
                    outside.append(error)
                }
            }
            if !outside.isEmpty { throw SourceLoadError(problems: outside.map { problem($0, file) }) }
            root.children = children.enumerated().filter { !bad.contains($0.offset) }.map(\.element)
        }
        do {
            let (list, decodeSkipped) = try WatchList.decode(root, skippingInvalidEntries: lenient)
            skipped += decodeSkipped.map { SourceProblem(file: file, line: $0.line, message: "entry skipped: \($0.path): \($0.message)") }
            skipped.sort { $0.line < $1.line }
            return LoadedWatchList(watchList: list, skipped: skipped)
        } catch {
            throw SourceLoadError(problems: [SourceProblem(file: file, line: error.line, message: "\(error.path): \(error.message)")])
        }
    }

    private static func problem(_ diagnostic: Diagnostic, _ file: String) -> SourceProblem {
        SourceProblem(file: file, line: diagnostic.line, message: diagnostic.message)
    }
}
