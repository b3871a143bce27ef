import ArgumentParser
import Foundation

// Usage errors exit with 2 (not ArgumentParser's 64): 0 valid, 1 invalid, 2 usage or I/O.
do {
    var command = try Paxsim.parseAsRoot()
    try command.run()
} catch {
    let code = Paxsim.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(Data((Paxsim.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    Paxsim.exit(withError: error)
}
