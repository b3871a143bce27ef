import Foundation

/// Writing to standard output/error and to report files, for the commands. Errors that end
/// a command are not written here: they are thrown as `CommandFailure` and printed by `main`.
enum Output {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func out(bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Writes `bytes` to `path` atomically (temporary file, then rename): a reader never sees
    /// a half-written report, and a failed write leaves any earlier file untouched.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
