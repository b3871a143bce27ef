/// Which of an agency's outgoing frames a driver hands its transport, and when: at most
/// `limitPerPeer` deliveries in flight to one peer (back-pressure instead of a retry storm when
/// a peer is slow or has just restarted), the others waiting per peer, first come first served;
/// and one delivery of a message at a time: a retry of a message still in flight or waiting is
/// not queued again (the agency has counted the attempt), so a slow peer does not get a pile
/// of copies.
///
/// A pure value: the live agency and the simulator both drive it (enqueue, start what it says,
/// report each delivery's end), so the policy is the same in both and tested on its own.
public struct DeliveryWindow<Payload: Sendable>: Sendable {
    /// One delivery: a frame (or whatever the driver sends) for `peer`.
    public struct Delivery: Sendable {
        public var peer: String
        public var messageId: String
        public var payload: Payload
    }

    /// Deliveries in flight to one peer at most (at least 1).
    public let limitPerPeer: Int
    /// Messages in flight or waiting.
    private var outstanding: Set<String> = []
    /// Deliveries waiting for a slot, per peer, oldest first.
    private var waiting: [String: [Delivery]] = [:]
    /// Messages in flight, per peer.
    private var inFlight: [String: Set<String>] = [:]

    public init(limitPerPeer: Int = DeliveryWindowDefaults.limitPerPeer) {
        self.limitPerPeer = max(1, limitPerPeer)
    }

    /// Queues `payload` (message `messageId`) for `peer`. False, and nothing queued, when that
    /// message is already in flight or waiting. `startable(to:)` says when to send it.
    @discardableResult
    public mutating func enqueue(_ payload: Payload, messageId: String, to peer: String) -> Bool {
        guard outstanding.insert(messageId).inserted else { return false }
        waiting[peer, default: []].append(Delivery(peer: peer, messageId: messageId, payload: payload))
        return true
    }

    /// The deliveries to `peer` to start now, oldest first: as many waiting ones as the peer has
    /// free slots, each counted in flight from now until `complete`.
    public mutating func startable(to peer: String) -> [Delivery] {
        guard let queue = waiting[peer], !queue.isEmpty else { return [] }
        let free = limitPerPeer - inFlight[peer, default: []].count
        guard free > 0 else { return [] }
        let started = Array(queue.prefix(free))
        waiting[peer] = started.count == queue.count ? nil : Array(queue.dropFirst(started.count))
        inFlight[peer, default: []].formUnion(started.map(\.messageId))
        return started
    }

    /// The delivery of `messageId` to `peer` ended (answered, refused or failed): its slot is
    /// free and the message may be queued again. False, and nothing changed, when it was not in
    /// flight to that peer.
    @discardableResult
    public mutating func complete(messageId: String, to peer: String) -> Bool {
        guard inFlight[peer]?.remove(messageId) != nil else { return false }
        if inFlight[peer]?.isEmpty == true { inFlight[peer] = nil }
        outstanding.remove(messageId)
        return true
    }

    /// Deliveries in flight to `peer`.
    public func inFlightCount(to peer: String) -> Int { inFlight[peer]?.count ?? 0 }

    /// Deliveries waiting for a slot to `peer`.
    public func waitingCount(to peer: String) -> Int { waiting[peer]?.count ?? 0 }

    /// True while `messageId` is in flight or waiting.
    public func isOutstanding(_ messageId: String) -> Bool { outstanding.contains(messageId) }
}

/// The delivery window's defaults (outside the generic type, so every driver shares them).
public enum DeliveryWindowDefaults {
    /// Deliveries in flight to one peer at most, unless configured otherwise.
    public static let limitPerPeer = 8
}
