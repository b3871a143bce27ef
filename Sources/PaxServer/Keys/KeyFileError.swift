/// A key file could not be read, parsed or trusted. `line` is 1-based; 0 when the problem
/// concerns the whole file (missing, unreadable, wrong permissions).
public struct KeyFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var reason: String

    public init(path: String, line: Int, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String { line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)" }
}
