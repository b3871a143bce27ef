/// What `paxsim demo` runs.
public struct DemoOptions: Sendable {
    /// Seed of the generated traffic (flights, travellers, planted subjects, queries).
    public var seed: UInt64 = 7
    /// Flights exchanged (half each way).
    public var flights = 4
    public var travelersPerFlight = 24
    /// Assistance queries asked once the manifests are assessed.
    public var queries = 2
    /// Watch-list subjects planted among the travellers.
    public var plants = 2
    /// Where keys, configurations and databases go; a new temporary directory (removed at
    /// the end) when nil.
    public var directory: String? = nil
    /// Keep the temporary directory (to inspect the databases and audit logs afterwards).
    public var keepDirectory = false
    /// Longest wait for the exchange to finish, in seconds.
    public var timeoutSeconds = 120
    /// Run the exchange over mutual TLS with throwaway certificates (a demo CA, one
    /// certificate per agency).
    public var tls = false

    public init() {}
}
