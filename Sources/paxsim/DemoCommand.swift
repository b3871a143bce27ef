import ArgumentParser
import PaxDemo

extension Paxsim {
    /// `paxsim demo`: two live agencies on 127.0.0.1 exchanging a few flights.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Start two border agencies on 127.0.0.1 and watch them exchange manifests, risk assessments and assistance queries.",
            discussion: """
            Needs nothing set up: keys, configurations, a watch list and SQLite databases are made \
            in a temporary directory (removed afterwards unless --keep or --dir). Both agencies are \
            real HTTP services (the same code as 'paxsim agency serve'). Exit status: 0 every \
            manifest assessed, every planted subject flagged, every query answered and both audit \
            chains intact; 1 otherwise; 2 usage or start-up error.
            """
        )

        @Option(help: "Seed of the generated traffic.")
        var seed: UInt64 = 7

        @Option(help: "Flights exchanged (half each way).")
        var flights = 4

        @Option(help: "Travellers per flight.")
        var travelers = 24

        @Option(help: "Assistance queries.")
        var queries = 2

        @Option(help: "Watch-list subjects planted among the travellers.")
        var plant = 2

        @Option(help: ArgumentHelp("Put keys, configurations and databases here (kept).", valueName: "dir"))
        var dir: String?

        @Flag(help: "Keep the temporary directory.")
        var keep = false

        @Flag(help: "Serve both agencies' consoles and keep paced traffic going (a flight every few seconds) until Ctrl-C or --duration.")
        var web = false

        @Option(help: ArgumentHelp("With --web: stop after this many seconds.", valueName: "seconds"))
        var duration: Double?

        @Option(help: ArgumentHelp("With --web: seconds between flights.", valueName: "seconds"))
        var interval: Double = 3

        @Flag(help: "Run the exchange over mutual TLS with throwaway certificates (a demo CA and one certificate per agency); with --web, both consoles over HTTPS too.")
        var tls = false

        func validate() throws {
            guard (1...200).contains(flights) else { throw ValidationError("--flights must be between 1 and 200") }
            guard (2...500).contains(travelers) else { throw ValidationError("--travelers must be between 2 and 500") }
            guard (0...100).contains(queries) else { throw ValidationError("--queries must be between 0 and 100") }
            guard (0...50).contains(plant) else { throw ValidationError("--plant must be between 0 and 50") }
            if let duration, !(duration > 0 && duration <= 86_400) { throw ValidationError("--duration must be between 0 and 86400 seconds") }
            guard interval >= 0.1 && interval <= 3_600 else { throw ValidationError("--interval must be between 0.1 and 3600 seconds") }
            if !web && (duration != nil) { throw ValidationError("--duration needs --web") }
        }

        func run() async throws {
            if web {
                var options = WebDemo.Options()
                options.seed = seed
                options.travelersPerFlight = travelers
                options.interval = interval
                options.duration = duration
                options.directory = dir
                options.keepDirectory = keep
                options.tls = tls
                do {
                    try await WebDemo.run(options) { line in Output.out(line) }
                } catch {
                    throw CommandFailure.usage("paxsim demo --web: \(error)")
                }
                return
            }
            var options = DemoOptions()
            options.seed = seed
            options.flights = flights
            options.travelersPerFlight = travelers
            options.queries = queries
            options.plants = plant
            options.directory = dir
            options.keepDirectory = keep
            options.tls = tls
            let summary: DemoSummary
            do {
                summary = try await ExchangeDemo.run(options) { line in Output.out(line) }
            } catch {
                throw CommandFailure.usage("paxsim demo: \(error)")
            }
            Output.out(summary.text)
            if !summary.succeeded { throw CommandFailure.failed("paxsim demo: the exchange did not complete as expected") }
        }
    }
}
