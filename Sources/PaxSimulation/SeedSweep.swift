import Foundation
import PaxBase

/// `FROM..TO` (inclusive) seed ranges.
public enum SeedRange {
    public static func parse(_ text: String) -> ClosedRange<UInt64>? {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let low = UInt64(parts[0]), let high = UInt64(parts[1]), low <= high else { return nil }
        return low...high
    }
}

/// Many seeds, run in parallel on every core, reported in seed order.
public enum SeedSweep {
    public struct Failure: Sendable {
        public var seed: UInt64
        public var invariant: InvariantResult
    }

    public struct RunError: Sendable {
        public var seed: UInt64
        public var message: String
    }

    public struct Outcome: Sendable {
        public var runs = 0
        public var events = 0
        public var wallSeconds = 0.0
        /// The lowest failing seed, with its first failing invariant.
        public var firstFailure: Failure?
        public var error: RunError?
        /// Every run's trace hash, in seed order.
        public var hashes: [String] = []
    }

    public static func run(_ base: SimulationOptions, seeds: ClosedRange<UInt64>,
                           workers: Int? = nil) -> Outcome {
        let started = ContinuousClock.now
        let list = Array(seeds)
        let results = ParallelWork.mapInOrder(count: list.count, workers: workers ?? ParallelWork.defaultWorkers) { i in
            var options = base
            options.seed = list[i]
            options.keepTrace = false
            options.generatorWorkers = 1
            // The seeds already keep every core busy.
            options.checkWorkers = 0
            do {
                return Result<SimulationResult, SimulationError>.success(try Simulation.run(options))
            } catch {
                return .failure(SimulationError(String(describing: error)))
            }
        }
        var outcome = Outcome()
        for (seed, result) in zip(list, results) {
            switch result {
            case .success(let run):
                outcome.runs += 1
                outcome.events += run.summary.events
                outcome.hashes.append(run.traceHash)
                if outcome.firstFailure == nil, let failure = run.firstFailure {
                    outcome.firstFailure = Failure(seed: seed, invariant: failure)
                }
            case .failure(let error):
                if outcome.error == nil { outcome.error = RunError(seed: seed, message: error.description) }
            }
        }
        let elapsed = ContinuousClock.now - started
        outcome.wallSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return outcome
    }
}
