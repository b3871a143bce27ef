/// The one way a command ends without success: thrown by every command, printed on standard
/// error by `Entry.main` alone, which exits with its status.
///
/// Exit status of every `paxsim` command (also in the README):
/// - 0: done, and everything checked passed;
/// - 1 (`.failed`): the command ran and found a problem: an invalid file, a failed check digit
///   or invariant, a broken audit chain, refused submissions, an unhealthy agency;
/// - 2 (`.usage`): it could not do its job: bad arguments (ArgumentParser's own usage errors
///   are mapped to 2 as well), an unreadable or unwritable file, an unreachable agency.
struct CommandFailure: Error, CustomStringConvertible {
    enum Status: Int32 {
        case failed = 1
        case usage = 2
    }

    /// What to print on standard error; nil when the command has already printed its report.
    var message: String?
    var status: Status

    var description: String { message ?? "exit status \(status.rawValue)" }

    /// A usage or I/O error (status 2), e.g. `paxsim validate: cannot write out.json: ...`.
    static func usage(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: .usage)
    }

    /// A problem found (status 1); `message` nil when the report already says what failed.
    static func failed(_ message: String? = nil) -> CommandFailure {
        CommandFailure(message: message, status: .failed)
    }
}
