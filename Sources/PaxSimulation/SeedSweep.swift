import Foundation
import Synchronization

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
        let workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
        let started = ContinuousClock.now
        let list = Array(seeds)
        let results = Mutex<[UInt64: Result<SimulationResult, SimulationError>]>([:])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, list.count))) { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < list.count else { return }
                var options = base
                options.seed = list[i]
                options.keepTrace = false
                options.generatorWorkers = 1
                // The seeds already keep every core busy.
                options.checkWorkers = 0
                let result: Result<SimulationResult, SimulationError>
                do {
                    result = .success(try Simulation.run(options))
                } catch {
                    result = .failure(SimulationError(String(describing: error)))
                }
                results.withLock { $0[list[i]] = result }
            }
        }
        var outcome = Outcome()
        let all = results.withLock { $0 }
        for seed in list {
            guard let result = all[seed] else { continue }
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
