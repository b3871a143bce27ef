#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the agency database private to its owner from the first byte: SQLite creates a new
/// database with mode 0644 (less the umask) and gives its -wal, -shm and -journal files the
/// database file's mode, so the file is created here first, with 0600, before SQLite opens it.
enum DatabaseFileMode {
    /// The mode of the database file and, through SQLite, of its companion files.
    static let mode: mode_t = 0o600

    /// Creates `path` empty with mode 0600 when it does not exist (an empty file is an empty
    /// SQLite database). An existing regular file that group or others may read or write is
    /// narrowed to 0600, with the companion files SQLite left beside it. A symbolic link is
    /// never created through: it is left to SQLite as it stands.
    static func createPrivate(path: String) throws(AgencyDatabaseError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        if descriptor >= 0 {
            defer { close(descriptor) }
            // The umask may only have removed bits; set exactly 0600 all the same.
            guard fchmod(descriptor, mode) == 0 else {
                throw AgencyDatabaseError(path: path, reason: "cannot set mode 0600: \(SecureFileWriter.errorText(errno))")
            }
            return
        }
        let code = errno
        guard code == EEXIST else {
            throw AgencyDatabaseError(path: path, reason: "cannot create: \(SecureFileWriter.errorText(code))")
        }
        for file in [path, path + "-wal", path + "-shm", path + "-journal"] {
            try narrow(file)
        }
    }

    /// Narrows an existing regular file (not a link) to 0600 when it is wider.
    private static func narrow(_ path: String) throws(AgencyDatabaseError) {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_mode & 0o077 != 0 else { return }
        guard chmod(path, mode) == 0 else {
            throw AgencyDatabaseError(path: path, reason: "is readable by others and cannot be made 0600: \(SecureFileWriter.errorText(errno))")
        }
    }
}
