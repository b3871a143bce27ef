import ArgumentParser
import Foundation

/// Parses, runs (async commands on the concurrency runtime) and maps errors to exit codes.
/// Usage errors exit with 2 (not ArgumentParser's 64): 0 valid, 1 invalid, 2 usage or I/O.
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
            // A command's own refusal (bad input file, unwritable output): its message, its status.
            FileHandle.standardError.write(Data((failure.message + "\n").utf8))
            exit(failure.exitCode)
        } catch {
            let code = Paxsim.exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((Paxsim.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            Paxsim.exit(withError: error)
        }
    }
}

await Entry.main()
