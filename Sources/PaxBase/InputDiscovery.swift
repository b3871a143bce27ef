public import Foundation

/// Turns the paths a user named on a command line into the files to read, the same way for
/// every command: a file as given, a directory replaced by every file below it whose name
/// ends in `.xml` (any case), recursively, sorted by path so runs are reproducible.
public enum InputDiscovery {
    /// One named path, expanded.
    public enum Found: Sendable, Hashable {
        /// A file to read (named as given, or as the directory's path plus the relative path).
        case file(path: String)
        /// A path that does not exist or a directory that cannot be listed, with why.
        case problem(path: String, reason: String)
    }

    /// A named path that does not exist or cannot be listed.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { path + ": " + reason }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// The files of every path in order, or the first path that is missing or cannot be listed.
    public static func files(_ paths: [String], fileManager: FileManager = .default) throws(Problem) -> [String] {
        try expand(paths, fileManager: fileManager).map { found throws(Problem) in
            switch found {
            case .file(let path): return path
            case .problem(let path, let reason): throw Problem(path: path, reason: reason)
            }
        }
    }

    /// Every path in order, directories expanded in place (an empty directory adds nothing).
    public static func expand(_ paths: [String], fileManager: FileManager = .default) -> [Found] {
        var found: [Found] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                found.append(.problem(path: path, reason: "no such file or directory"))
                continue
            }
            guard isDirectory.boolValue else {
                found.append(.file(path: path))
                continue
            }
            guard let walker = fileManager.enumerator(atPath: path) else {
                found.append(.problem(path: path, reason: "cannot list directory"))
                continue
            }
            var files: [String] = []
            while let relative = walker.nextObject() as? String {
                guard relative.lowercased().hasSuffix(".xml") else { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var childIsDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: full, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                    files.append(full)
                }
            }
            found += files.sorted().map { .file(path: $0) }
        }
        return found
    }
}
