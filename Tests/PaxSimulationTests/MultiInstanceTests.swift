import PaxExchange
@_spi(Testing) import PaxSimulation
import Testing

/// The receiving agency (US-CBP) as several instances over one shared store
/// (`SimulationOptions.instances`): dedup by the unique inbox key across instances, outbox
/// leases, crashes of single instances.
@Suite("Simulation: one agency, several instances")
struct MultiInstanceTests {
    static func options(_ faults: String, seed: UInt64, instances: Int = 2, flights: Int = 4, travelers: Int = 6) throws -> SimulationOptions {
        var options = try smallOptions(faults, seed: seed, flights: flights, travelers: travelers)
        options.instances = instances
        return options
    }

    @Test func theSameSeedGivesTheSameTraceHashWithTwoInstances() throws {
        let options = try Self.options("all", seed: 7)
        let first = try Simulation.run(options)
        let second = try Simulation.run(options)
        #expect(first.traceHash == second.traceHash)
        #expect(first.summary.events == second.summary.events)
        #expect(first.allHold)
        var single = options
        single.instances = 1
        #expect(try Simulation.run(single).traceHash != first.traceHash)
    }

    @Test("200 seeds, two instances, every fault: every invariant holds")
    func everyInvariantHoldsFor200SeedsWithTwoInstances() throws {
        let outcome = SeedSweep.run(try Self.options("all", seed: 1, flights: 5, travelers: 3), seeds: 1...200)
        #expect(outcome.error == nil, "\(outcome.error?.message ?? "")")
        #expect(outcome.runs == 200)
        if let failure = outcome.firstFailure {
            Issue.record("seed \(failure.seed): \(failure.invariant.name): \(failure.invariant.detail)")
        }
    }

    @Test("an instance crashes mid-exchange: another takes its leases over and every manifest is assessed once")
    func aCrashedInstancesLeasesAreTakenOver() throws {
        var found: UInt64?
        for seed: UInt64 in 1...60 where found == nil {
            var options = try Self.options("crash=4", seed: seed, flights: 6, travelers: 4)
            options.keepTrace = true
            let result = try Simulation.run(options)
            #expect(result.allHold, "seed \(seed): \(result.firstFailure?.name ?? "")")
            let instanceCrashed = result.traceLines.contains { $0.contains("\"ev\":\"crash\"") && $0.contains("US-CBP#") }
            guard instanceCrashed, result.summary.takeovers > 0 else { continue }
            found = seed
            // No message lost on the link: every manifest both ways ends assessed, each screened once.
            #expect(result.summary.outcomes[.assessed] == result.summary.exchangedFlights, "seed \(seed)")
            let once = result.invariants.first { $0.name == "no-message-processed-twice" }
            #expect(once?.holds == true)
            #expect(once?.detail.contains("each screened once") == true)
            let leases = result.invariants.first { $0.name == "lease-held-by-one-instance" }
            #expect(leases?.holds == true && leases?.detail.contains("under its instance's unexpired lease") == true)
        }
        #expect(found != nil, "no seed in 1...60 crashed a US-CBP instance holding leases")
    }

    @Test("two instances receiving one message at once: the store's unique key decides, the loser answers with the winner's reply")
    func racingInstancesProcessAMessageOnce() throws {
        var conflicts = 0
        for seed: UInt64 in 1...20 {
            let result = try Simulation.run(try Self.options("dup=0.5", seed: seed))
            conflicts += result.summary.conflicts
            #expect(result.allHold, "seed \(seed): \(result.firstFailure?.name ?? ""): \(result.firstFailure?.detail ?? "")")
        }
        #expect(conflicts > 0, "no race between the instances happened")
    }

    @Test("a shared store without the unique inbox key is caught by no-message-processed-twice")
    func aStoreWithoutTheUniqueInboxIsCaught() throws {
        var caught: Set<String> = []
        for seed: UInt64 in 1...20 {
            var options = try Self.options("dup=0.5", seed: seed)
            options.brokenUniqueInbox = true
            let result = try Simulation.run(options)
            for failure in result.invariants where !failure.holds { caught.insert(failure.name) }
        }
        #expect(caught.contains("no-message-processed-twice"))
        #expect(caught.contains("effect-once"))
    }

    @Test("instances that keep their stale copies over the shared store's newer records are caught")
    func staleCopiesOfOwnRecordsAreCaught() throws {
        var caught = false
        for seed: UInt64 in 1...40 where !caught {
            // Duplicates reach the other instance and move the peers' preferred one, so the
            // instance that sent a manifest is often not the one its assessment reaches.
            var options = try Self.options("dup=0.3", seed: seed, flights: 6)
            options.staleSharedReads = true
            let result = try Simulation.run(options)
            caught = result.invariants.contains { $0.name == "manifest-terminal-exactly-once" && !$0.holds }
            options.staleSharedReads = false
            #expect(try Simulation.run(options).allHold, "seed \(seed)")
        }
        #expect(caught)
    }

    @Test func instancesOutsideOneToEightAreRefused() throws {
        for count in [0, 9] {
            do {
                _ = try Simulation.run(try Self.options("none", seed: 1, instances: count))
                Issue.record("\(count) instances ran")
            } catch {
                #expect(String(describing: error).contains("between 1 and 8"))
            }
        }
        #expect(try Simulation.run(try Self.options("crash=2", seed: 3, instances: 8)).allHold)
    }

    /// One instance runs exactly as before instances existed: its trace, without the two
    /// invariant lines added with them, has the hash pinned before.
    @Test func oneInstanceRunsAsBefore() throws {
        let before: [(String, UInt64, String)] = [
            ("all", 1, "b77249a1faef33841af93ed5e184779e43bfad7aa16023a6dfae440d09f7ca50"),
            ("crash=3", 6, "b76f7275b488bd84666a5ddd7eb0507ccc0f1a433afb93df5df75f031b19175d"),
            ("partition=2:90,drop=0.2,dup=0.2,corrupt=0.1,skew=30", 10, "a7d6c55d6d9b9a8f2f357226011adb3592cf31ead4de729b59ad5273f8b341fc"),
        ]
        for (faults, seed, hash) in before {
            var options = try smallOptions(faults, seed: seed, flights: 6, travelers: 8)
            options.keepTrace = true
            let result = try Simulation.run(options)
            let added = result.traceLines.suffix(2)
            #expect(added.allSatisfy { $0.contains("no-message-processed-twice") || $0.contains("lease-held-by-one-instance") })
            #expect(SignedMessage.digest(of: Array(result.traceLines.dropLast(2).joined().utf8)) == hash, "\(faults) seed \(seed)")
        }
    }
}
