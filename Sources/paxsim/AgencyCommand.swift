import ArgumentParser
import PaxBase
import Foundation
import Logging
import PaxConsole
import PaxPostgres
import PaxServer

extension Paxsim {
    /// `paxsim agency`: one border agency as a live HTTP service, and its operator's tools.
    struct Agency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agency",
            abstract: "Run a border agency as an HTTP service, submit manifests to it, query message status.",
            subcommands: [Serve.self, Submit.self, Status.self, ConsoleToken.self]
        )
    }
}

extension Paxsim.Agency {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve one agency: POST /messages, GET /messages/{id}, /health, /metrics; POST /operator/messages on its own listener.",
            discussion: """
            The configuration file (JSON) names the agency, its territory, listen address, operator \
            listener (a Unix socket beside the database unless 'operator' says otherwise), database \
            (a SQLite file, or postgres://USER@HOST:PORT/NAME shared by several instances, each \
            named by 'instance' or --instance), private key, peers (URL, public key, territory), trusted proxies, watch list, \
            rules, limits (body size, deadlines, connections, rates), retention and retry timing. \
            Prints 'AGENCY operator endpoint at URL' and 'AGENCY listening on http://HOST:PORT' once \
            bound; stops cleanly on SIGTERM or SIGINT. Exit status: 0 after a clean stop, 2 when it cannot start.
            """
        )

        @Option(help: ArgumentHelp("The agency's configuration file.", valueName: "file"))
        var config: String

        @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
        var logLevel = "info"

        @Option(help: ArgumentHelp("This instance's name, recorded in the audit records it writes (overrides the configuration's 'instance').",
                                   valueName: "name"))
        var instance: String?

        func run() async throws {
            let file: AgencyServiceConfiguration
            do {
                var loaded = try AgencyServiceConfiguration.load(path: config)
                if let instance { try loaded.setInstance(instance) }
                file = loaded
            } catch {
                throw CommandFailure.usage("paxsim agency serve: \(error)")
            }
            let level = Logger.Level(rawValue: logLevel) ?? .info
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            var logger = Logger(label: "paxsim.agency.\(file.agency)")
            logger.logLevel = level
            let eventLogger = logger
            let timeline = ConsoleTimeline()
            let service: AgencyService
            let console: AgencyConsole?
            do {
                if file.postgres != nil && file.console != nil {
                    throw AgencySetupError("\(file.sourcePath): the console needs the SQLite store; it is not available on PostgreSQL yet")
                }
                service = try AgencyService(file: file, version: Paxsim.version, logger: logger,
                                            openStorage: PostgresAgencyStorage.opener, onEvent: { event in
                    eventLogger.info("\(AgencyEventText.describe(event))")
                    timeline.record(event)
                })
                console = try file.console.map { _ in try AgencyConsole(service: service, timeline: timeline) }
            } catch {
                throw CommandFailure.usage("paxsim agency serve: \(error)")
            }
            let host = file.listenHost
            let consoleServices = console?.services(logger: logger) { url in
                let certificate = console?.tls.map { ", certificate SHA-256 \($0.current.displayedFingerprint)" } ?? ""
                Output.out("\(file.agency) console at \(url) (operator token: \(console?.token.text ?? "")\(certificate))")
            } ?? []
            try await service.run(additionalServices: consoleServices, onRunning: { port in
                Output.out("\(file.agency) listening on \(file.tls == nil ? "http" : "https")://\(host):\(port)")
            }, onOperatorRunning: { url in
                Output.out("\(file.agency) operator endpoint at \(url)")
            })
            timeline.close()
            Output.out("\(file.agency) stopped")
        }
    }

    struct ConsoleToken: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console-token",
            abstract: "Print the agency's console operator token (derived from its private key).",
            discussion: """
            The console ('console': {'listen': '127.0.0.1:PORT'} in the configuration) asks for this \
            token at /login. It is derived from the agency's private key, so it changes when the key \
            does. Exit status: 0 printed, 2 the configuration or key cannot be read.
            """
        )

        @Option(help: ArgumentHelp("The agency's configuration file.", valueName: "file"))
        var config: String

        func run() throws {
            do {
                Output.out(try OperatorToken(configuration: AgencyServiceConfiguration.load(path: config)).text)
            } catch {
                throw CommandFailure.usage("paxsim agency console-token: \(error)")
            }
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit",
            abstract: "Hand manifests (or assistance requests) to a running agency, signed with its own key, to send to their receivers.",
            discussion: """
            Each file is a TravelerManifest whose header names this agency as sender and a \
            configured peer as receiver (e.g. from 'paxsim generate'), or an AssistanceRequest \
            addressed to a peer. Prints one line per file: its message id or why it was refused. \
            Exit status: 0 all accepted, 1 some refused, 2 the agency could not be reached.
            """
        )

        @Option(help: ArgumentHelp("The agency's configuration file (for its key and address).", valueName: "file"))
        var config: String

        @Option(help: ArgumentHelp("The agency's operator endpoint (default: the operator listener its configuration names; http+unix://ENCODED-PATH for a socket).", valueName: "url"))
        var url: String?

        @Option(help: "Requests in flight at once.")
        var concurrency = 8

        @Argument(help: "Message files (directories: their *.xml files, recursively, sorted).")
        var files: [String]

        func run() async throws {
            let client: OperatorClient
            do {
                client = try OperatorClient(file: try AgencyServiceConfiguration.load(path: config), url: url)
            } catch {
                throw CommandFailure.usage("paxsim agency submit: \(error)")
            }
            defer { Task { await client.shutdown() } }
            let paths: [String]
            do {
                paths = try InputDiscovery.files(files)
            } catch {
                throw CommandFailure.usage("paxsim agency submit: \(error)")
            }
            let results = try await OperatorSubmission.submit(paths: paths, client: client, concurrency: max(1, concurrency))
            var refused = 0
            for result in results {
                Output.out("\(result.path): \(result.line)")
                if !result.accepted { refused += 1 }
            }
            await client.shutdown()
            if results.contains(where: \.unreachable) {
                throw CommandFailure.usage("paxsim agency submit: the agency at \(client.baseURL) could not be reached")
            }
            if refused > 0 { throw CommandFailure.failed("paxsim agency submit: \(refused) of \(results.count) refused") }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Ask a running agency for the status of a message, as its operator (signed with its key).",
            discussion: "Prints the status as JSON. Exit status: 0 found, 1 not found, 2 the agency could not be reached."
        )

        @Option(help: ArgumentHelp("The agency's configuration file.", valueName: "file"))
        var config: String

        @Option(help: ArgumentHelp("The agency's operator endpoint (default: the operator listener its configuration names; http+unix://ENCODED-PATH for a socket).", valueName: "url"))
        var url: String?

        @Argument(help: "Message id.")
        var messageId: String

        func run() async throws {
            let client: OperatorClient
            do {
                client = try OperatorClient(file: try AgencyServiceConfiguration.load(path: config), url: url)
            } catch {
                throw CommandFailure.usage("paxsim agency status: \(error)")
            }
            let answer: OperatorClient.Answer
            do {
                answer = try await client.status(of: messageId)
            } catch {
                await client.shutdown()
                throw CommandFailure.usage("paxsim agency status: \(client.baseURL): \(error)")
            }
            await client.shutdown()
            Output.out(answer.body)
            if answer.status != 200 { throw CommandFailure.failed("paxsim agency status: HTTP \(answer.status)") }
        }
    }
}
