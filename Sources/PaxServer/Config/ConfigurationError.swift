/// A configuration file problem: the file, the line (0 when about the whole file), the key
/// path (`peers[1].publicKey`) and what is wrong.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var keyPath: String
    public var reason: String

    public init(path: String, line: Int, keyPath: String, reason: String) {
        self.path = path
        self.line = line
        self.keyPath = keyPath
        self.reason = reason
    }

    public var description: String {
        let place = line > 0 ? "\(path):\(line)" : path
        return keyPath.isEmpty ? "\(place): \(reason)" : "\(place): \(keyPath): \(reason)"
    }
}
