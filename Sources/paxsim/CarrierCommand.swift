import ArgumentParser
import Foundation
import PaxEDIFACTMapping
import PaxServer

extension Paxsim {
    /// `paxsim carrier`: play the airline on an agency's carrier API.
    struct Carrier: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "carrier",
            abstract: "Play an airline: send PAXLST to an agency's carrier API, read its CONTRL and CUSRES answers.",
            subcommands: [Send.self, Token.self]
        )
    }
}

extension Paxsim.Carrier {
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "POST each PAXLST interchange to /carrier/paxlst; print the CONTRL, and with --wait the CUSRES.",
            discussion: """
            The configuration file (JSON) names the carrier, the agency's URL and the bearer token: \
            {"carrier": "TA", "agency": "http://127.0.0.1:8402", "tokenFile": "ta.token"}. For each \
            file: the CONTRL as received and a line 'FILE: CONTRL ACTION (acknowledged|rejected) \
            reference REF'; with --wait, the CUSRES and one line per traveller 'REF DECISION' \
            (0Z board, 1Z do not board, 2Z advisory, 4Z insufficient data). Exit status: 0 every \
            interchange acknowledged (and answered, with --wait), 1 a CONTRL rejected or no CUSRES \
            before the timeout, 2 usage, file or connection errors.
            """
        )

        @Option(help: ArgumentHelp("The carrier's configuration file.", valueName: "file"))
        var config: String

        @Argument(help: "PAXLST interchange files.")
        var files: [String]

        @Flag(help: "Wait for each CUSRES and print it.")
        var wait = false

        @Option(help: ArgumentHelp("Seconds to wait for each CUSRES.", valueName: "seconds"))
        var timeout = 120

        @Option(name: .customShort("o"), help: ArgumentHelp("Also write FILE.contrl.edi and FILE.cusres.edi into this directory.", valueName: "dir"))
        var output: String?

        func run() async throws {
            let configuration: CarrierClient.Configuration
            do {
                configuration = try CarrierClient.Configuration.load(path: config)
            } catch {
                throw CommandFailure.usage("paxsim carrier send: \(error)")
            }
            guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
            var inputs: [(String, [UInt8])] = []
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure.usage("\(file): cannot read the file") }
                inputs.append((file, Array(data)))
            }
            if let output {
                do {
                    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                } catch {
                    throw CommandFailure.usage("\(output): cannot create the directory")
                }
            }
            let client = CarrierClient(configuration: configuration)
            let outcome: Result<(failed: Bool, broken: String?), any Error>
            do {
                outcome = .success(try await send(inputs, with: client, configuration: configuration))
            } catch {
                outcome = .failure(error)
            }
            await client.shutdown()
            let (failed, broken) = try outcome.get()
            if let broken { throw CommandFailure.usage(broken) }
            if failed { throw CommandFailure.failed() }
        }

        /// Sends every input in turn and prints the answers; whether any failed, and why the
        /// agency could not be reached if it could not.
        private func send(_ inputs: [(String, [UInt8])], with client: CarrierClient,
                          configuration: CarrierClient.Configuration) async throws -> (failed: Bool, broken: String?) {
            var failed = false
            var broken: String?
            for (file, bytes) in inputs {
                let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                let sent: CarrierClient.Sent
                do {
                    sent = try await client.send(bytes)
                } catch {
                    broken = "\(file): no answer from \(configuration.agencyURL): \(error)"
                    break
                }
                guard let report = sent.report else {
                    Output.err("\(file): HTTP \(sent.status): \(sent.error ?? "")")
                    failed = true
                    continue
                }
                Output.out(bytes: sent.contrl)
                Output.out("")
                let accepted = report.action == .acknowledged && sent.status == 200
                let reference = sent.reference ?? report.interchangeReference
                Output.out("\(file): CONTRL \(report.action.rawValue) \(accepted ? "acknowledged" : "rejected") reference \(reference)"
                           + (sent.duplicate ? " (duplicate: the first answer again)" : ""))
                if let output { try Output.write(sent.contrl, to: output + "/" + name + ".contrl.edi") }
                guard accepted else {
                    failed = true
                    continue
                }
                guard wait else { continue }
                let fetched: CarrierClient.Fetched
                do {
                    fetched = try await client.waitForResponse(reference: reference, timeout: .seconds(timeout))
                } catch {
                    broken = "\(file): no answer from \(configuration.agencyURL): \(error)"
                    break
                }
                switch fetched {
                case .ready(let cusres, let response):
                    Output.out(bytes: cusres)
                    Output.out("")
                    if let output { try Output.write(cusres, to: output + "/" + name + ".cusres.edi") }
                    for answer in response?.travelers ?? [] {
                        Output.out("\(reference) \(answer.reference) \(answer.decision.rawValue) \(Self.meaning(answer.decision))"
                                   + (answer.text.map { " (\($0))" } ?? ""))
                    }
                    for error in response?.errors ?? [] { Output.out("\(reference) message error \(error.code): \(error.text)") }
                case .pending:
                    Output.err("\(file): no CUSRES for \(reference) within \(timeout) s")
                    failed = true
                case .none(let status, let reason):
                    Output.err("\(file): no CUSRES for \(reference): HTTP \(status) \(reason)")
                    failed = true
                }
            }
            return (failed, broken)
        }

        static func meaning(_ decision: CUSRESResponse.Decision) -> String {
            switch decision {
            case .board: "board"
            case .doNotBoard: "do-not-board"
            case .advisory: "advisory"
            case .insufficientData: "insufficient-data"
            }
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Make a carrier's bearer token: write it to a file (mode 0600) and print its SHA-256 for the agency's configuration."
        )

        @Option(help: ArgumentHelp("Where to write the token.", valueName: "file"))
        var out: String

        func run() throws {
            let token = CarrierAccount.makeToken()
            guard FileManager.default.createFile(atPath: out, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CommandFailure.usage("\(out): cannot write the file")
            }
            Output.out("tokenSha256 \(CarrierAccount.digestHex(ofToken: token))")
        }
    }
}
