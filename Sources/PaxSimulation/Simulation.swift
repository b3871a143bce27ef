import Crypto
import Foundation
@_spi(Testing) import PaxExchange
import PaxBase
import PaxGenerator
import PaxMessages
import PaxRisk

/// The outcome of one simulated run.
public struct SimulationResult: Sendable {
    public var seed: UInt64
    public var summary: RunSummary
    public var invariants: [InvariantResult]
    /// SHA-256 of the JSON-lines trace.
    public var traceHash: String
    /// The trace lines (only when `keepTrace`).
    public var traceLines: [String]
    /// A readable timeline (only when `keepTrace`).
    public var timeline: [String]

    public var allHold: Bool { invariants.allSatisfy(\.holds) }
    public var firstFailure: InvariantResult? { invariants.first { !$0.holds } }
}

/// The deterministic simulation driver: two agencies, a faulty network, a virtual clock and
/// an event queue ordered by (time, sequence); one seeded generator draws every key, id,
/// nonce, delay and fault.
public enum Simulation {
    public static func run(_ options: SimulationOptions) throws -> SimulationResult {
        let started = ContinuousClock.now
        var runner = try Runner(options)
        runner.loop()
        var result = runner.finish()
        let elapsed = ContinuousClock.now - started
        result.summary.wallSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }
}
