import Foundation

/// File handling for the operator listener's Unix socket.
enum OperatorSocket {
    /// Removes a socket file left by a previous run (never anything that is not a socket).
    static func removeStale(at path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else { return }
        unlink(path)
    }

    /// Only the agency's own user may connect.
    static func restrict(_ path: String) {
        chmod(path, 0o600)
    }
}
