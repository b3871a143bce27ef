import PaxSimulation
import Testing

/// Trace hashes measured for fixed seeds and fault plans. A refactoring of the driver must
/// leave every one of them as it is; a change of behaviour that changes them says why in its
/// commit and updates them here (and the hash the README quotes for its example run).
///
/// Last changed when the receiving agency could run as several instances: every run ends with
/// two more invariant lines (`no-message-processed-twice`, `lease-held-by-one-instance`) and
/// nothing else changed (`MultiInstanceTests.oneInstanceRunsAsBefore` checks the trace without
/// them against the hashes pinned before). The run with two instances was added then.
@Suite("Pinned trace hashes")
struct PinnedTraceHashTests {
    struct PinnedRun: Sendable, CustomTestStringConvertible {
        var faults: String
        var seed: UInt64
        var flights = 6
        var instances = 1
        var hash: String
        var testDescription: String { "\(faults) seed \(seed), \(flights) flights, \(instances) instance(s)" }
    }

    /// Small runs (`smallOptions`, 8 travellers a flight): one per fault kind, four with every one
    /// (one of them busy: 40 flights, many messages in flight at once).
    static let runs: [PinnedRun] = [
        PinnedRun(faults: "all", seed: 1, hash: "5a972da67d00df6ebbac6c6bea1b39855c66248605d4af22ca9b21220dc68a56"),
        PinnedRun(faults: "all", seed: 2, hash: "9c0f86ad3211b8f83ea5474fa49ebf555f9ca8bf40669a590299d322dcd9518f"),
        PinnedRun(faults: "all", seed: 3, hash: "d9ae48846bedb81c34c3cb437cdd611b096cd31e9d1bbabed98eacb52f632fa3"),
        PinnedRun(faults: "all", seed: 11, flights: 40, hash: "9320d564130bb9004729ebfa5aaeb7a916541a0b2e687550d0b0db127930552d"),
        PinnedRun(faults: "all", seed: 12, instances: 2, hash: "0cd14bfab929ae7397223cb6614c555c5eaff7b3b882324e8f8fb02606aa11c7"),
        PinnedRun(faults: "none", seed: 4, hash: "2d60953a9531f8a5a115804e28181d02610553c12ff896ca1d7385b5ae710f38"),
        PinnedRun(faults: "delay=0.5:20", seed: 5, hash: "7543e2fd3ff9b42c45823e0e6d4f4924514a06a604ba49dfc27e7364ee775eb1"),
        PinnedRun(faults: "crash=3", seed: 6, hash: "5c20e5428ecb70a5fe44d9155a5045aceae850611cd90688ce003a75580558a2"),
        PinnedRun(faults: "forge=0.5", seed: 8, hash: "b69711575fa5f09c75710e2ae53a0f49a7a8168a1ca0b3149471106dd4f5cda1"),
        PinnedRun(faults: "byzantine=0.5", seed: 9, hash: "b507c1e53b87d5eca3eb20c4c9ebb3f6085e5ac182a8333893ef6e37a6f2d467"),
        PinnedRun(faults: "partition=2:90,drop=0.2,dup=0.2,corrupt=0.1,skew=30", seed: 10, hash: "a6e4769fe0e33aa31d44f91b262f334ceb116d95511b522ef4a25f42380ee5e5"),
    ]

    @Test(arguments: runs)
    func aSmallRunKeepsItsTraceHash(_ run: PinnedRun) throws {
        var options = try smallOptions(run.faults, seed: run.seed, flights: run.flights, travelers: 8)
        options.instances = run.instances
        let result = try Simulation.run(options)
        #expect(result.traceHash == run.hash)
        #expect(result.allHold)
    }

    /// The README's example: `paxsim simulate --seed 7 --flights 10 --travelers 20 --faults all`.
    @Test func theReadmeRunKeepsItsTraceHash() throws {
        var options = SimulationOptions()
        options.seed = 7
        options.flights = 10
        options.travelersPerFlight = 20
        // What `paxsim simulate` derives from --flights.
        options.queries = max(2, 10 / 4)
        options.plants = max(1, 10 / 5)
        options.faults = .all
        let result = try Simulation.run(options)
        #expect(result.traceHash == "bd165d6e3194815117d1e39377f3ac4f5545389fdd5e12e845986846f1293c43")
        #expect(result.allHold)
    }
}
