public import Foundation
import PaxBase

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

extension ValidationInput {
    /// Turns command-line paths into inputs: `-` for standard input, everything else as
    /// `PaxBase.InputDiscovery` expands it (files as given, directories' `*.xml` files,
    /// recursively, sorted).
    public static func expand(_ paths: [String], fileManager: FileManager = .default) -> [ValidationInput] {
        var inputs: [ValidationInput] = []
        for path in paths {
            if path == "-" {
                inputs.append(.standardInput)
                continue
            }
            for found in InputDiscovery.expand([path], fileManager: fileManager) {
                switch found {
                case .file(let file): inputs.append(.file(path: file))
                case .problem(let problem, let reason): inputs.append(.unreadable(path: problem, reason: reason))
                }
            }
        }
        return inputs
    }
}
