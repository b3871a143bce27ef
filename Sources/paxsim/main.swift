import ArgumentParser
import Foundation

/// Parses, runs (async commands on the concurrency runtime), and is the one place that prints
/// a command's failure and maps it to the exit status (see `CommandFailure`): 0 success,
/// 1 a problem found, 2 usage or I/O error (ArgumentParser's usage errors too, not its 64).
enum Entry {
    static func main() async -> Never {
        do {
            var command = try Paxsim.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let failure as CommandFailure {
            if let message = failure.message { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            exit(failure.status.rawValue)
        } catch {
            // --help and --version end here too, with status 0.
            if Paxsim.exitCode(for: error) == .success { Paxsim.exit(withError: error) }
            // ArgumentParser's usage errors, and any error a command let through: status 2.
            FileHandle.standardError.write(Data((Paxsim.fullMessage(for: error) + "\n").utf8))
            exit(CommandFailure.Status.usage.rawValue)
        }
    }
}

await Entry.main()
