public import Foundation

/// One thing to validate, as the user named it.
public enum ValidationInput: Sendable, Hashable {
    /// A file, with the name to show in reports.
    case file(path: String)
    /// Standard input (`-`).
    case standardInput
    /// A path that could not be expanded; reported as an I/O error.
    case unreadable(path: String, reason: String)

    public var displayName: String {
        switch self {
        case .file(let path), .unreadable(let path, _): path
        case .standardInput: "<stdin>"
        }
    }
}

/// Turns command-line paths into inputs: files as given, directories recursively (their
/// `*.xml` files, sorted, so runs are reproducible), `-` for standard input.
public enum InputDiscovery {
    public static func expand(_ paths: [String], fileManager: FileManager = .default) -> [ValidationInput] {
        var inputs: [ValidationInput] = []
        for path in paths {
            if path == "-" {
                inputs.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                inputs.append(.unreadable(path: path, reason: "no such file or directory"))
                continue
            }
            guard isDirectory.boolValue else {
                inputs.append(.file(path: path))
                continue
            }
            guard let walker = fileManager.enumerator(atPath: path) else {
                inputs.append(.unreadable(path: path, reason: "cannot list directory"))
                continue
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                guard relative.lowercased().hasSuffix(".xml") else { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var childIsDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: full, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                    found.append(full)
                }
            }
            inputs.append(contentsOf: found.sorted().map { .file(path: $0) })
        }
        return inputs
    }
}
