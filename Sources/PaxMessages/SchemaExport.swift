public import Foundation

/// Writes the embedded schema documents to a directory, for tools that need the XSD files
/// (editors, other validators, code generators).
public enum SchemaExport {
    public enum Failure: Error, CustomStringConvertible {
        case exists([String])
        case io(String)

        public var description: String {
            switch self {
            case .exists(let files):
                "would overwrite files that differ: \(files.joined(separator: ", ")) (pass --force to replace them)"
            case .io(let reason): reason
            }
        }
    }

    /// Writes every embedded document below `directory` (e.g. `DIR/v1/manifest.xsd`) and returns
    /// the paths written. Checks for conflicts before writing anything; each file is written
    /// atomically, so a failure never leaves a half-written schema behind.
    public static func write(to directory: URL, overwrite: Bool) throws(Failure) -> [String] {
        let documents = SchemaCatalogue.embeddedDocuments.sorted { $0.key < $1.key }
        let fileManager = FileManager.default
        if !overwrite {
            let conflicts = documents.compactMap { name, bytes -> String? in
                let path = directory.appendingPathComponent(name).path
                guard let existing = fileManager.contents(atPath: path) else { return nil }
                return [UInt8](existing) == bytes ? nil : path
            }
            if !conflicts.isEmpty { throw .exists(conflicts) }
        }
        var written: [String] = []
        for (name, bytes) in documents {
            let target = directory.appendingPathComponent(name)
            do {
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: target, options: .atomic)
            } catch {
                throw .io("cannot write \(target.path): \(error.localizedDescription)")
            }
            written.append(target.path)
        }
        return written
    }
}
