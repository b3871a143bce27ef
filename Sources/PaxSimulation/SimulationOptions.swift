/// What to simulate.
public struct SimulationOptions: Sendable {
    public var seed: UInt64 = 1
    public var flights = 4
    public var travelersPerFlight = 10
    /// Every `localEvery`-th flight goes to a third country and is only held locally (0: none).
    public var localEvery = 5
    public var queries = 4
    public var plants = 3
    public var watchListDecoys = 100
    public var faults = FaultPlan()
    /// Keep the trace lines in memory (for `--trace` and `--verbose`); the hash is always computed.
    public var keepTrace = false
    /// Threads the generator uses (nil: all cores); the output is the same for any number.
    public var generatorWorkers: Int? = nil
    /// Check payloads on a worker thread as frames go on the link (same results). Off by
    /// default: a delivery follows its send within a few events, so the worker gets little
    /// head start (busy day 100.9 s with it against 94.0 s without, on the same machine).
    public var prefetchPayloadChecks = false
    /// Deliberately broken agency behaviour, for tests that prove the invariants can fail.
    @_spi(Testing) public var brokenDedup = false
    @_spi(Testing) public var brokenAuthorisation = false

    public init() {}
}
