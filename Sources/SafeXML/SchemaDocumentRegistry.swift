import Foundation
import Synchronization

/// The schema documents the entity loader may hand to libxml2, keyed by virtual URL.
///
/// A schema set is registered under `paxsim-schema://<id>/`; `xs:include` and `xs:import`
/// locations resolve relative to that base and are served from the set only: from memory for
/// embedded sets, or from `.xsd` files below one directory for a schema given as a file.
/// Nothing else is ever served, and every refused location is counted for tests and reports.
final class SchemaDocumentRegistry: Sendable {
    static let shared = SchemaDocumentRegistry()
    static let scheme = "paxsim-schema://"

    enum Source: Sendable {
        case memory([String: [UInt8]])
        case directory(URL)
    }

    private struct State {
        var sets: [String: Source] = [:]
        var nextID = 1
        var refusals: [String] = []
    }

    private let state = Mutex(State())

    /// Registers a set and returns its base URL (ending in `/`).
    func register(_ source: Source) -> String {
        state.withLock { state in
            let id = "set\(state.nextID)"
            state.nextID += 1
            state.sets[id] = source
            return "\(Self.scheme)\(id)/"
        }
    }

    func unregister(base: String) {
        guard let id = Self.setID(of: base) else { return }
        _ = state.withLock { $0.sets.removeValue(forKey: id) }
    }

    /// Locations the loader refused since the process started (most recent last, capped).
    var refusedLocations: [String] { state.withLock { $0.refusals } }

    func recordRefusal(_ location: String) {
        state.withLock { state in
            if state.refusals.count >= 1000 { state.refusals.removeFirst(500) }
            state.refusals.append(location)
        }
    }

    /// The bytes of a schema document, or nil when `location` is not part of a registered set.
    func document(at location: String) -> [UInt8]? {
        guard location.hasPrefix(Self.scheme) else { return nil }
        let rest = location.dropFirst(Self.scheme.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let id = String(rest[..<slash])
        let relative = String(rest[rest.index(after: slash)...])
        guard let source = state.withLock({ $0.sets[id] }) else { return nil }
        let components = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.isEmpty, !components.contains(where: { $0 == ".." || $0 == "." }),
              !relative.contains("%"), !relative.contains("\\")
        else { return nil }
        let bytes: [UInt8]?
        switch source {
        case .memory(let files):
            bytes = files[components.joined(separator: "/")]
        case .directory(let root):
            guard relative.hasSuffix(".xsd") else { return nil }
            let file = components.reduce(root) { $0.appendingPathComponent(String($1)) }
            let resolved = file.resolvingSymlinksInPath().standardizedFileURL.path
            let rootPath = root.resolvingSymlinksInPath().standardizedFileURL.path
            guard resolved.hasPrefix(rootPath + "/"),
                  let data = FileManager.default.contents(atPath: resolved) else { return nil }
            bytes = [UInt8](data)
        }
        // A schema document may not smuggle in a DTD (entity expansion or external entities).
        guard let bytes, case .root = PrologGuard.inspect(bytes[...]) else { return nil }
        return bytes
    }

    private static func setID(of base: String) -> String? {
        guard base.hasPrefix(scheme) else { return nil }
        return base.dropFirst(scheme.count).split(separator: "/").first.map(String.init)
    }
}
