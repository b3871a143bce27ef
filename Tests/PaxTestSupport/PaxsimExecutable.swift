public import Foundation

/// The real `paxsim` binary for tests that run it: the one SwiftPM built next to the running
/// test bundle (`.build/<triple>/debug/paxsim`), else `.build/debug/paxsim` in `repository`.
public enum PaxsimExecutable {
    public struct NotBuilt: Error, CustomStringConvertible {
        public var description: String { "paxsim binary not found; run `swift build` before `swift test`" }
    }

    /// The binary's path; throws `NotBuilt` when neither place has it.
    public static func path(repository: URL) throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("paxsim").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = repository.appendingPathComponent(".build/debug/paxsim").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else { throw NotBuilt() }
        return fallback
    }
}
