import PaxSimulation
import Testing

/// The simulated agencies deliver through the live agency's `DeliveryWindow`: these runs put
/// it under pressure (one or two slots per peer, frames held back on the link) and check that
/// it holds and that the exchange stays correct.
@Suite("Delivery window in the simulator")
struct DeliveryWindowSimulationTests {
    @Test("with one or two slots per peer, frames wait, resends under way are skipped, the limit holds and every invariant holds",
          arguments: [1, 2])
    func aSmallWindowIsRespectedAndChangesNoOutcome(limit: Int) throws {
        var waited = 0, skipped = 0, peak = 0
        for seed: UInt64 in 1...8 {
            // Every frame held back up to 20 s, and crashes (a restart fires its retries at once).
            var options = try smallOptions("delay=1.0:20,crash=3,dup=0.1", seed: seed, flights: 20, travelers: 3)
            options.maxInFlightPerPeer = limit
            let result = try Simulation.run(options)
            #expect(result.allHold, "seed \(seed): \(result.firstFailure?.name ?? ""): \(result.firstFailure?.detail ?? "")")
            #expect(result.summary.peakInFlight <= limit, "seed \(seed)")
            waited += result.summary.waitedForSlot
            skipped += result.summary.skippedInFlight
            peak = max(peak, result.summary.peakInFlight)
        }
        #expect(skipped > 0)
        if limit == 1 {
            // Frames waited: without the window some agency would have had two in flight to its peer.
            #expect(waited > 0)
            #expect(peak == 1)
        }
    }

    @Test func aWindowOfOneGivesOneTraceHashPerSeed() throws {
        var options = try smallOptions("all", seed: 4, flights: 8, travelers: 3)
        options.maxInFlightPerPeer = 1
        let first = try Simulation.run(options)
        let second = try Simulation.run(options)
        #expect(first.traceHash == second.traceHash)
        options.maxInFlightPerPeer = 8
        let wide = try Simulation.run(options)
        #expect(wide.summary.waitedForSlot == 0)
        #expect(wide.allHold && first.allHold)
    }
}
