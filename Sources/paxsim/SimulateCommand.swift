import ArgumentParser
import PaxSimulation

extension Paxsim {
    /// `paxsim simulate`: two agencies exchanging manifests under seeded faults.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Simulate two border agencies exchanging manifests under seeded faults, and check the invariants.",
            discussion: """
            Faults: --faults drop=P,dup=P,delay=P[:SECONDS],corrupt=P,crash=N,partition=N[:SECONDS],skew=SECONDS,forge=P,byzantine=P \
            (or 'all', or 'none'). byzantine=P: with probability P per manifest, a third agency that both \
            agencies know and whose signatures verify attacks them (others' ids, its own ids reused for other \
            bytes, answers about others' manifests, queries for others' travellers, largest messages). \
            --instances N runs the receiving agency (US-CBP) as N instances over one shared store, as on \
            PostgreSQL: a unique (sender, id) inbox (two instances receiving one message process it once; the \
            loser answers with the winner's stored reply), outbox leases in simulated time (a pending message \
            is in flight on one instance; a dead instance's leases are taken over after 30 s), peers failing \
            over to the next instance when one is down; with N > 1, crash=N kills one instance at a time while \
            the others go on. Invariants no-message-processed-twice and lease-held-by-one-instance check it. \
            The same seed gives the same trace and trace hash. Exit status: 0 every \
            invariant holds, 1 an invariant failed (named, with the seed), 2 usage error.
            """
        )

        @Option(help: "Seed of the run (every key, id, delay and fault comes from it).")
        var seed: UInt64 = 1

        @Option(help: ArgumentHelp("Run many seeds, e.g. 1..500, and report the first failing one.", valueName: "from..to"))
        var seeds: String?

        @Option(help: "Flights through the day (every fifth goes to a third country and is only held locally).")
        var flights = 10

        @Option(help: "Travellers per flight.")
        var travelers = 20

        @Option(help: "Assistance queries (default: a quarter of the flights, at least 2).")
        var queries: Int?

        @Option(help: "Watch-list subjects planted among the travellers (default: one per five flights, at least 1).")
        var plant: Int?

        @Option(help: ArgumentHelp("Instances of the receiving agency (US-CBP) over one shared store, 1 to 8 (see above).", valueName: "n"))
        var instances = 1

        @Option(help: ArgumentHelp("Fault plan (see above).", valueName: "spec"))
        var faults = "none"

        @Option(help: ArgumentHelp("Threads that check the day's manifests ahead of the event loop (default: one per core; 0: the loop checks every payload itself). Same trace either way.", valueName: "n"))
        var checkWorkers: Int?

        @Flag(help: "Print a readable timeline of every event.")
        var verbose = false

        @Option(help: ArgumentHelp("Write every event as JSON lines to this file.", valueName: "file"))
        var trace: String?

        func validate() throws {
            guard (1...100_000).contains(flights) else { throw ValidationError("--flights must be between 1 and 100000") }
            guard (1...1_000).contains(travelers) else { throw ValidationError("--travelers must be between 1 and 1000") }
            if let queries, queries < 0 { throw ValidationError("--queries must not be negative") }
            if let plant, plant < 0 { throw ValidationError("--plant must not be negative") }
            guard (1...8).contains(instances) else { throw ValidationError("--instances must be between 1 and 8") }
            if let checkWorkers, !(0...64).contains(checkWorkers) {
                throw ValidationError("--check-workers must be between 0 and 64")
            }
            do {
                _ = try FaultPlan.parse(faults)
            } catch {
                throw ValidationError("--faults: \(error.description)")
            }
            if let seeds, SeedRange.parse(seeds) == nil {
                throw ValidationError("--seeds '\(seeds)' is not FROM..TO with FROM <= TO")
            }
            if seeds != nil && (verbose || trace != nil) {
                throw ValidationError("--verbose and --trace describe one run; use them with --seed, not --seeds")
            }
        }

        func run() throws {
            var options = SimulationOptions()
            options.seed = seed
            options.flights = flights
            options.travelersPerFlight = travelers
            options.queries = queries ?? max(2, flights / 4)
            options.plants = plant ?? max(1, flights / 5)
            options.faults = try FaultPlan.parse(faults)
            options.checkWorkers = checkWorkers
            options.instances = instances
            if let seeds, let range = SeedRange.parse(seeds) {
                try runMany(options, range)
                return
            }
            options.keepTrace = verbose || trace != nil
            let result: SimulationResult
            do {
                result = try Simulation.run(options)
            } catch {
                throw CommandFailure.usage("paxsim simulate: \(error)")
            }
            if verbose { for line in result.timeline { Output.out(line) } ; Output.out("") }
            if let trace {
                do {
                    try Output.write(Array(result.traceLines.joined().utf8), to: trace)
                } catch {
                    throw CommandFailure.usage("\(trace): cannot write the trace: \(error.localizedDescription)")
                }
            }
            Output.out("paxsim simulate --seed \(seed) --flights \(flights) --travelers \(travelers)\(instancesArgument) --faults \(options.faults.spec)")
            Output.out(result.summary.table)
            Output.out("")
            for invariant in result.invariants {
                Output.out((invariant.holds ? "PASS  " : "FAIL  ") + invariant.name + ": " + invariant.detail)
            }
            Output.out("trace hash: \(result.traceHash)")
            if let failure = result.firstFailure {
                throw CommandFailure.failed("invariant \(failure.name) failed with seed \(seed): \(failure.detail)")
            }
        }

        /// ` --instances N` when the run has several, so a printed command reproduces it.
        private var instancesArgument: String { instances > 1 ? " --instances \(instances)" : "" }

        private func runMany(_ base: SimulationOptions, _ range: ClosedRange<UInt64>) throws {
            let outcome = SeedSweep.run(base, seeds: range)
            if let error = outcome.error {
                throw CommandFailure.usage("paxsim simulate: seed \(error.seed): \(error.message)")
            }
            if let failure = outcome.firstFailure {
                Output.out("seed \(failure.seed): invariant \(failure.invariant.name) FAILED: \(failure.invariant.detail)")
                Output.out("reproduce: paxsim simulate --seed \(failure.seed) --flights \(flights) --travelers \(travelers)\(instancesArgument) --faults \(base.faults.spec) --verbose")
                throw CommandFailure.failed("invariant \(failure.invariant.name) failed with seed \(failure.seed)")
            }
            Output.out("\(outcome.runs) seeds (\(range.lowerBound)..\(range.upperBound)): every invariant held; \(outcome.events) events in \(RunSummaryText.seconds(outcome.wallSeconds)) s")
        }
    }
}

enum RunSummaryText {
    static func seconds(_ value: Double) -> String { String(Double(Int(value * 100)) / 100) }
}
