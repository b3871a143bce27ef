import ArgumentParser
import Foundation

// Usage errors exit with 2 (not ArgumentParser's 64): 0 valid, 1 invalid, 2 usage or I/O.
do {
    var command = try Paxsim.parseAsRoot()
    try command.run()
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
