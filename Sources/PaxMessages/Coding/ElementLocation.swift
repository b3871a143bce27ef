import SafeXML

/// Where an element sits, for error messages: its path is worked out only when an error needs
/// it, so decoding a large manifest builds no path strings at all.
final class ElementLocation: Sendable {
    private enum Kind {
        case fixed(String)
        /// Child `index` of `siblings`, under `parent`.
        case child(parent: ElementLocation, siblings: [XMLElement], index: Int)
    }

    private let kind: Kind

    init(path: String) { kind = .fixed(path) }

    init(parent: ElementLocation, siblings: [XMLElement], index: Int) {
        kind = .child(parent: parent, siblings: siblings, index: index)
    }

    /// `/TravelerManifest/Travelers/Traveler[3]`: a position only where names repeat, as
    /// SafeXML's element paths give it.
    var path: String {
        switch kind {
        case .fixed(let path):
            return path
        case .child(let parent, let siblings, let index):
            let name = siblings[index].name
            var position = 0
            var total = 0
            for (i, sibling) in siblings.enumerated() where sibling.name == name {
                total += 1
                if i <= index { position += 1 }
            }
            let step = total > 1 ? "\(name.localName)[\(position)]" : name.localName
            return parent.path + "/" + step
        }
    }
}
