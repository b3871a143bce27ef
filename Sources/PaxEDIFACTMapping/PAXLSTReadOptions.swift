/// How PAXLST messages become manifests.
public struct PAXLSTReadOptions: Sendable {
    /// Sender agency for the manifest header when UNB's sender is not an agency id (`XX-NAME`).
    public var sender: String
    /// Receiver agency when UNB's recipient is not an agency id.
    public var receiver: String
    /// Gives the airports' UTC offsets for the local schedule times.
    public var clock: any AirportClock

    public init(sender: String = "ZZ-CARRIER", receiver: String = "ZZ-GATEWAY", clock: any AirportClock = UnknownAirportClock()) {
        self.sender = sender
        self.receiver = receiver
        self.clock = clock
    }
}
