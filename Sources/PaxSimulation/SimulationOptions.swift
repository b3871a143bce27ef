import PaxExchange

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
    /// Threads that check the day's manifests ahead of their arrival (nil: one per core; 0:
    /// none, the loop checks every payload itself). Same results, same trace: the receiving
    /// agency takes each check, or does it itself when the workers have not started it yet.
    public var checkWorkers: Int? = nil
    /// Deliveries one agency has in flight to one peer at most (`DeliveryWindow`, as in the
    /// live agency); the others wait. A delivery ends when its frame reaches the peer or is lost.
    public var maxInFlightPerPeer = DeliveryWindowDefaults.limitPerPeer
    /// Instances of the receiving agency (US-CBP) over its one store, 1...8. With more than one,
    /// they share the store as on PostgreSQL: a unique (sender, id) inbox, outbox leases, retries
    /// claimed by polling, peers failing over between instances; a crash kills one instance.
    public var instances = 1
    /// Deliberately broken agency behaviour, for tests that prove the invariants can fail.
    @_spi(Testing) public var brokenDedup = false
    @_spi(Testing) public var brokenAuthorisation = false
    /// A shared store whose inbox is not unique: a second insert of (sender, id) replaces the first.
    @_spi(Testing) public var brokenUniqueInbox = false
    /// Instances keep their own copy of an own manifest or outgoing message when the shared
    /// store holds a newer one (another instance moved it on), and fire assessment deadlines
    /// on that copy (as `LiveAgency` did before `Agency.adoptProgress`): a planted fault the
    /// invariants must catch.
    @_spi(Testing) public var staleSharedReads = false

    public init() {}
}
