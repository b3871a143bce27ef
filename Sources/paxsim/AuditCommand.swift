import ArgumentParser
import PaxPostgres
import PaxServer

extension Paxsim {
    /// `paxsim audit`: an agency database's audit log.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Check an agency's hash-chained audit log.",
            subcommands: [Verify.self, Heads.self]
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
            prints (SEQUENCE:HASH) somewhere else and pass it later with --expect-head. Each \
            acknowledgement an agency signs carries its head, and its peers keep the last one: \
            --peer-heads takes a peer's agency database (or its `paxsim audit heads` export) and \
            checks every head that peer kept from this agency against the chain, so a log cut \
            short or rewritten since is caught. \
            An agency on PostgreSQL is checked by its URL (postgres://USER@HOST:PORT/NAME): one \
            chain, whichever instances wrote it. \
            Exit status: 0 intact, 1 broken, 2 unreadable or not a PaxSim agency database.
            """
        )

        @Argument(help: "The agency's SQLite database, or its PostgreSQL database's URL.")
        var database: String

        @Option(name: .customLong("expect-head"), help: "A head recorded earlier, SEQUENCE:HASH; the log must still contain it.")
        var expectHead: String?

        @Option(name: .customLong("peer-heads"),
                help: "A peer's agency database or `paxsim audit heads` export: the heads it kept from this agency must be on the chain (repeatable).")
        var peerHeads: [String] = []

        @Option(name: .customLong("agency"), help: "This database's agency id, to pick its heads out of --peer-heads (default: read from its audit log).")
        var agency: String?

        func run() throws {
            var expected: [AuditHead] = []
            if let expectHead {
                guard let head = AuditHead(parsing: expectHead) else {
                    throw CommandFailure.usage("paxsim audit verify: --expect-head '\(expectHead)' is not SEQUENCE:HASH (64 lowercase hex digits)")
                }
                expected.append(head)
            }
            if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
                try verifyPostgres(expected: expected.first)
                return
            }
            var reported: [(file: String, head: PeerAuditHead)] = []
            if !peerHeads.isEmpty {
                do {
                    guard let me = try agency ?? AuditDatabaseCheck.agency(path: database) else {
                        throw CommandFailure.usage("paxsim audit verify: \(database) names no agency in its audit log yet; give --agency")
                    }
                    for file in peerHeads {
                        let heads = try PeerAuditHeadsFile.heads(about: me, in: file)
                        guard !heads.isEmpty else {
                            throw CommandFailure.usage("paxsim audit verify: \(file) holds no audit head reported by \(me)")
                        }
                        reported += heads.map { (file, $0) }
                    }
                } catch let error as AgencyDatabaseError {
                    throw CommandFailure.usage("paxsim audit verify: \(error)")
                }
                expected += reported.map(\.head.head)
            }
            let result: AuditVerification
            do {
                result = try AuditDatabaseCheck.verify(path: database, expectedHeads: expected)
            } catch {
                throw CommandFailure.usage("paxsim audit verify: \(error)")
            }
            Output.out("\(database): \(result)")
            for (file, head) in reported {
                Output.out("  head \(head.head) kept by \(file) (acknowledgement \(head.messageId))")
            }
            if !result.isIntact { throw CommandFailure.failed() }
        }

        /// The chain in an agency's PostgreSQL database.
        private func verifyPostgres(expected: AuditHead?) throws {
            guard peerHeads.isEmpty else {
                throw CommandFailure.usage("paxsim audit verify: --peer-heads is not available for a PostgreSQL database yet")
            }
            let result: AuditVerification
            let shown: String
            do {
                let location = try PostgresLocation(url: database)
                shown = location.description
                let store = try PostgresExchangeStore(location: location, instance: "audit-verify")
                defer { store.close() }
                result = try store.verifyAudit(expectedHead: expected)
            } catch {
                throw CommandFailure.usage("paxsim audit verify: \(error)")
            }
            Output.out("\(shown): \(result)")
            if !result.isIntact { throw CommandFailure.failed() }
        }
    }

    struct Heads: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "heads",
            abstract: "Print the audit heads this agency's peers reported to it (JSON Lines), for them to verify their logs.",
            discussion: """
            One line per peer: the furthest head it signed into an acknowledgement to this agency. \
            The peer's operator checks its log with `paxsim audit verify PEER.sqlite --peer-heads FILE`.
            """
        )

        @Argument(help: "The agency's SQLite database.")
        var database: String

        func run() throws {
            do {
                Output.out(bytes: Array(PeerAuditHeadsFile.jsonLines(try PeerAuditHeadsFile.heads(inDatabase: database)).utf8))
            } catch {
                throw CommandFailure.usage("paxsim audit heads: \(error)")
            }
        }
    }
}
