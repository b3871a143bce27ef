@_spi(Testing) import PaxSimulation
import Testing

/// Small runs (few flights, few travellers) so hundreds of seeds fit in CI.
func smallOptions(_ faults: String, seed: UInt64 = 1, flights: Int = 4, travelers: Int = 6) throws -> SimulationOptions {
    var options = SimulationOptions()
    options.seed = seed
    options.flights = flights
    options.travelersPerFlight = travelers
    options.queries = max(1, flights - 1)
    options.plants = max(1, flights / 2)
    options.watchListDecoys = 10
    options.generatorWorkers = 1
    options.faults = try FaultPlan.parse(faults)
    return options
}

@Suite("Simulation invariants over many seeds")
struct SeedSweepTests {
    static let plans: [(String, String)] = [
        ("drop", "drop=0.3"),
        ("duplicate", "dup=0.3"),
        ("delay and reorder", "delay=0.5:20"),
        ("corrupt", "corrupt=0.2"),
        ("crash", "crash=3"),
        ("partition", "partition=2:90"),
        ("clock skew", "skew=50"),
        ("forgery and replay", "forge=0.5"),
        ("byzantine peer", "byzantine=0.5"),
        ("all together", "drop=0.1,dup=0.1,delay=0.2:20,corrupt=0.05,crash=2,partition=1:60,skew=30,forge=0.2,byzantine=0.2"),
    ]

    @Test(arguments: plans)
    func everyInvariantHoldsFor200Seeds(_ plan: (String, String)) throws {
        // Two flights a seed (five, one of them local, with every fault on) keeps 9 x 200
        // debug-build runs within CI's budget;
        // `paxsim simulate --seeds` runs the same sweep at any size.
        let all = plan.0 == "all together"
        let outcome = SeedSweep.run(try smallOptions(plan.1, flights: all ? 5 : 2, travelers: 3), seeds: 1...200)
        #expect(outcome.error == nil, "\(plan.0): \(outcome.error?.message ?? "")")
        #expect(outcome.runs == 200)
        if let failure = outcome.firstFailure {
            Issue.record("\(plan.0): seed \(failure.seed): \(failure.invariant.name): \(failure.invariant.detail)")
        }
    }
}

@Suite("Simulation determinism and fault plans")
struct SimulationTests {
    @Test func theSameSeedGivesTheSameTraceHash() throws {
        let options = try smallOptions("all", seed: 7)
        let first = try Simulation.run(options)
        let second = try Simulation.run(options)
        #expect(first.traceHash == second.traceHash)
        #expect(first.summary.events == second.summary.events)
        var other = options
        other.seed = 8
        #expect(try Simulation.run(other).traceHash != first.traceHash)
    }

    @Test("manifest checks prefetched on worker threads change nothing: same trace hash with and without, over 20 seeds")
    func prefetchingChangesNothing() throws {
        for seed in UInt64(1)...20 {
            var options = try smallOptions("all", seed: seed, flights: 6, travelers: 8)
            options.checkWorkers = 2
            let prefetched = try Simulation.run(options)
            options.checkWorkers = 0
            let inline = try Simulation.run(options)
            #expect(prefetched.traceHash == inline.traceHash, "seed \(seed)")
            #expect(prefetched.allHold, "seed \(seed)")
        }
    }

    @Test func theTraceHashIsTheHashOfTheTraceLines() throws {
        var options = try smallOptions("all", seed: 3)
        let plain = try Simulation.run(options)
        options.keepTrace = true
        let traced = try Simulation.run(options)
        #expect(plain.traceHash == traced.traceHash)
        #expect(traced.traceLines.count > 20)
        #expect(traced.traceLines.allSatisfy { $0.hasPrefix("{\"t\":") && $0.hasSuffix("}\n") })
    }

    @Test func faultsActuallyHappen() throws {
        var totals = RunSummary()
        for seed: UInt64 in 1...10 {
            let summary = try Simulation.run(try smallOptions("all", seed: seed)).summary
            totals.retries += summary.retries
            totals.duplicatesSuppressed += summary.duplicatesSuppressed
            totals.corrupted += summary.corrupted
            totals.crashes += summary.crashes
            totals.forgedInjected += summary.forgedInjected
            for (reason, count) in summary.rejections { totals.rejections[reason, default: 0] += count }
        }
        #expect(totals.retries > 0 && totals.duplicatesSuppressed > 0 && totals.corrupted > 0)
        #expect(totals.crashes > 0 && totals.forgedInjected > 0)
        #expect(FaultPlan.all.byzantine > 0)
        #expect(totals.rejections.count >= 3)
    }

    @Test func planBreakingDedupIsCaughtByTheInvariants() throws {
        var caught: Set<String> = []
        for seed: UInt64 in 1...20 {
            var options = try smallOptions("dup=0.5", seed: seed)
            options.brokenDedup = true
            let result = try Simulation.run(options)
            for failure in result.invariants where !failure.holds { caught.insert(failure.name) }
        }
        #expect(caught.contains("effect-once"))
        #expect(caught.contains("duplicate-replies-identical"))
    }

    @Test func planBreakingAuthorisationIsCaughtByTheInvariants() throws {
        var caught = false
        for seed: UInt64 in 1...20 where !caught {
            // Five flights: the fifth goes to a third country and only its origin's agency holds it.
            var options = try smallOptions("none", seed: seed, flights: 5, travelers: 4)
            options.queries = 10
            options.brokenAuthorisation = true
            let result = try Simulation.run(options)
            caught = result.invariants.contains { $0.name == "authorised-data-only" && !$0.holds }
        }
        #expect(caught)
    }

    @Test func faultSpecsParseAndBadOnesNameTheProblem() throws {
        let plan = try FaultPlan.parse("drop=0.1,dup=0.05,delay=0.2:5,corrupt=0.01,crash=2,partition=1:30,skew=10,forge=0.1,byzantine=0.3")
        #expect(plan.drop == 0.1 && plan.maxDelaySeconds == 5 && plan.crashes == 2 && plan.partitionSeconds == 30)
        #expect(plan.byzantine == 0.3)
        #expect(try FaultPlan.parse(plan.spec) == plan)
        #expect(try FaultPlan.parse(FaultPlan.all.spec) == FaultPlan.all)
        #expect(try FaultPlan.parse("none") == FaultPlan())
        for (spec, mention) in [("drop=2", "drop=2"), ("jitter=0.1", "jitter"), ("crash=-1", "crash"), ("drop", "KEY=VALUE"),
                                ("byzantine=1.5", "byzantine=1.5")] {
            do {
                _ = try FaultPlan.parse(spec)
                Issue.record("\(spec) parsed")
            } catch {
                #expect(error.description.contains(mention), "\(spec): \(error.description)")
            }
        }
    }
}
