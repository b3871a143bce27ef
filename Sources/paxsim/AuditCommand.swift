import ArgumentParser
import PaxServer

extension Paxsim {
    /// `paxsim audit`: an agency database's audit log.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Check an agency's hash-chained audit log.",
            subcommands: [Verify.self]
        )
    }
}

extension Paxsim.Audit {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Walk the audit chain and report the first altered, removed or reordered record.",
            discussion: """
            The chain alone cannot show records removed from its end: keep the head this command \
            prints (SEQUENCE:HASH) somewhere else and pass it later with --expect-head. \
            Exit status: 0 intact, 1 broken, 2 unreadable or not a PaxSim agency database.
            """
        )

        @Argument(help: "The agency's SQLite database.")
        var database: String

        @Option(name: .customLong("expect-head"), help: "A head recorded earlier, SEQUENCE:HASH; the log must still contain it.")
        var expectHead: String?

        func run() throws {
            var expected: AuditHead?
            if let expectHead {
                guard let head = AuditHead(parsing: expectHead) else {
                    throw CommandFailure.usage("paxsim audit verify: --expect-head '\(expectHead)' is not SEQUENCE:HASH (64 lowercase hex digits)")
                }
                expected = head
            }
            let result: AuditVerification
            do {
                result = try AuditDatabaseCheck.verify(path: database, expectedHead: expected)
            } catch {
                throw CommandFailure.usage("paxsim audit verify: \(error)")
            }
            Output.out("\(database): \(result)")
            if !result.isIntact { throw CommandFailure.failed() }
        }
    }
}
