import PaxSimulation
import Testing

/// Trace hashes measured for fixed seeds and fault plans. A refactoring of the driver must
/// leave every one of them as it is; a change of behaviour that changes them says why in its
/// commit and updates them here (and the hash the README quotes for its example run).
@Suite("Pinned trace hashes")
struct PinnedTraceHashTests {
    struct PinnedRun: Sendable, CustomTestStringConvertible {
        var faults: String
        var seed: UInt64
        var flights = 6
        var hash: String
        var testDescription: String { "\(faults) seed \(seed), \(flights) flights" }
    }

    /// Small runs (`smallOptions`, 8 travellers a flight): one per fault kind, four with every one
    /// (one of them busy: 40 flights, many messages in flight at once).
    static let runs: [PinnedRun] = [
        PinnedRun(faults: "all", seed: 1, hash: "92c09e28ab7a9128ed65254b0bee9060bd98d277dbbea854e2c4d230c0675b02"),
        PinnedRun(faults: "all", seed: 2, hash: "2bfb200b395416727ea0246d58ac4050359ba70c50d6a2b848cb2e1f720600f2"),
        PinnedRun(faults: "all", seed: 3, hash: "719b8dfe77ccfcbf8774a2f2997e6fd97210371a7a2696e451a743ebd5ff61d6"),
        PinnedRun(faults: "all", seed: 11, flights: 40, hash: "0e596e24ee4182348b82de01706eb020fa8890db197f4081832bf11c4cbcabc0"),
        PinnedRun(faults: "none", seed: 4, hash: "e378c32b53283689355612e536cf086ced4e5dd32ade8d0920f4cd507e304b2b"),
        PinnedRun(faults: "delay=0.5:20", seed: 5, hash: "8a6892cb34f6db4d06ed18b08dc9f0ef3c096c45c3ec895af52cfd481e119eea"),
        PinnedRun(faults: "crash=3", seed: 6, hash: "b76f7275b488bd84666a5ddd7eb0507ccc0f1a433afb93df5df75f031b19175d"),
        PinnedRun(faults: "forge=0.5", seed: 8, hash: "8c8f380ab2822f0411956bcb3a41afea69adf69d9c025d196a85a7f3872c79f7"),
        PinnedRun(faults: "byzantine=0.5", seed: 9, hash: "69adc98166b155e6c7cb80cec991a003836d8fcaf8dfdbba62000aeaf4c9f804"),
        PinnedRun(faults: "partition=2:90,drop=0.2,dup=0.2,corrupt=0.1,skew=30", seed: 10, hash: "a7d6c55d6d9b9a8f2f357226011adb3592cf31ead4de729b59ad5273f8b341fc"),
    ]

    @Test(arguments: runs)
    func aSmallRunKeepsItsTraceHash(_ run: PinnedRun) throws {
        let result = try Simulation.run(try smallOptions(run.faults, seed: run.seed, flights: run.flights, travelers: 8))
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
        #expect(result.traceHash == "a5bb622d78a665cc867c097a9f8a97c5aac45ccf1d3aa2fc3b25896671e9e5e2")
        #expect(result.allHold)
    }
}
