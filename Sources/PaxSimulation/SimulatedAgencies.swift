@_spi(Testing) import PaxExchange

/// How far an injected crash lets the event that triggers it get.
enum CrashStage: Int {
    /// Power lost before the commit: nothing of the event survives.
    case beforeCommit
    /// After the commit, before any send: the outbox holds what was never sent.
    case afterCommit
    /// After the first send.
    case afterFirstSend
}

/// Which instance of an agency a frame or an operator's request reaches. Peers fail over
/// between an agency's instances as `PeerDirectory` does: the instance that last worked first,
/// then the others in order, skipping any that is down.
enum InstanceRoute: Equatable {
    /// The sender's preferred instance (or the next one up).
    case preferred
    /// A client that timed out on its preferred instance retries on the next one (how a
    /// duplicate reaches another instance).
    case failover
    /// The HTTP response to a request this instance sent: only that instance gets it.
    case pinned(Int)
}

/// The simulated agencies, each with its store, its clock's offset from true time and its
/// instances (one, or several over the one store): each instance its own state machine,
/// timers, outgoing deliveries (a `DeliveryWindow`, the live agency's policy) and crashes: a
/// crash armed for its next event, the downtime, the restart from the store alone (timers,
/// deliveries and leases in hand of the old run gone), and what it missed while down (submitted
/// again, like a client retrying). An agency whose instances are all down keeps what arrives
/// for its first restart.
struct SimulatedAgencies {
    /// A frame waiting for, or using, a delivery slot.
    struct OutgoingFrame {
        var frame: [UInt8]
        var kind: SendKind
    }

    /// One process of an agency.
    struct Instance {
        /// The state machine; nil while the instance is down (or while it handles an event).
        var agency: Agency?
        /// Runs since the start: a timer armed in an earlier run does not fire.
        var epoch = 0
        var pendingCrash: (stage: CrashStage, downtime: Int64)?
        /// Submissions handed to it (indices into the traffic's submissions).
        var submitted: [Int] = []
        /// Its deliveries in flight and waiting, per peer.
        var deliveries: DeliveryWindow<OutgoingFrame>
        /// Outgoing messages it delivers under a lease (shared store).
        var leased: Set<String> = []
        /// When its outbox poller started (polls come every `pollInterval` after), the
        /// generation of the poll scheduled, and when it is due.
        var pollPhase: Int64 = 0
        var pollGeneration = 0
        var nextPoll: Int64?
    }

    struct Node {
        var configuration: AgencyConfiguration
        var store: SimulatedStore
        /// The agency clock's offset from true time (ms), the same on each of its instances.
        var offset: Int64 = 0
        var instances: [Instance]
        /// Events that arrived while every instance was down, run again once one restarts.
        var deferred: [SimulationEvent] = []
        /// The instance peers try first (the one that last worked).
        var preferred = 0
        /// The store changed in a way that may move the next outbox claim (shared store).
        var pollsStale = false

        var id: String { configuration.id }
        /// True when several instances share the store (leases, polls, lookups as on PostgreSQL).
        var isShared: Bool { instances.count > 1 }
    }

    /// How long an outgoing message stays the delivering instance's (the live default,
    /// `outboxLeaseSeconds` = 30).
    static let leaseMs: Int64 = 30_000
    /// How often an instance of a shared store claims due messages (`LiveAgency.pollInterval`).
    static let pollInterval: Int64 = min(1_000, max(100, leaseMs / 4))

    private(set) var nodes: [Node]

    /// The agencies for `configurations` with `instances[a]` instances each (1 when absent),
    /// clocks skewed by up to ±`skewSeconds`/2, each instance with at most `maxInFlightPerPeer`
    /// deliveries in flight to one peer; `uniqueInbox` false only in a broken test double.
    init(_ configurations: [AgencyConfiguration], instances: [Int], skewSeconds: Double, maxInFlightPerPeer: Int,
         uniqueInbox: Bool, scheduler: inout Scheduler) {
        nodes = configurations.enumerated().map { a, configuration in
            let count = max(1, a < instances.count ? instances[a] : 1)
            let instance = Instance(agency: Agency(configuration: configuration),
                                    deliveries: DeliveryWindow(limitPerPeer: maxInFlightPerPeer))
            return Node(configuration: configuration, store: SimulatedStore(shared: count > 1, uniqueInbox: uniqueInbox),
                        instances: Array(repeating: instance, count: count))
        }
        let skew = Int64(skewSeconds * 1000)
        for i in nodes.indices where skew > 0 {
            nodes[i].offset = Int64(scheduler.below(Int(skew) + 1)) - skew / 2
        }
    }

    subscript(_ a: Int) -> Node { nodes[a] }

    /// The index of the agency named `id` (the simulated pair: the first or the second).
    func index(of id: String) -> Int { nodes[0].id == id ? 0 : 1 }

    func isUp(_ a: Int, _ k: Int) -> Bool { nodes[a].instances.indices.contains(k) && nodes[a].instances[k].agency != nil }

    /// How instance `k` of agency `a` is named in the log: the agency's id, with `#k+1` when it
    /// has several.
    func label(_ a: Int, _ k: Int) -> String { nodes[a].isShared ? nodes[a].id + "#" + String(k + 1) : nodes[a].id }

    /// The instance of agency `a` that a frame or request sent by `route` reaches now; nil
    /// when none can take it. A client's failover remembers the instance that worked.
    mutating func route(_ a: Int, _ route: InstanceRoute) -> Int? {
        let count = nodes[a].instances.count
        let preferred = nodes[a].preferred
        var order: [Int]
        switch route {
        case .pinned(let k): return isUp(a, k) ? k : nil
        case .preferred: order = [preferred] + (0..<count).filter { $0 != preferred }
        case .failover: order = (0..<count).filter { $0 != preferred } + [preferred]
        }
        guard let k = order.first(where: { isUp(a, $0) }) else { return nil }
        nodes[a].preferred = k
        return k
    }

    /// Schedules the plan's crashes: each at a random moment of `start..<start + span`, at
    /// either agency (one of its instances when it has several), at a random stage, down for
    /// 1-60 s.
    static func scheduleCrashes(_ count: Int, from start: Int64, span: Int, instances: [Int], in scheduler: inout Scheduler) {
        for _ in 0..<count {
            let at = start + Int64(scheduler.below(span))
            let stage = CrashStage(rawValue: scheduler.below(3)) ?? .beforeCommit
            let agency = scheduler.below(2)
            let downtime = 1_000 + Int64(scheduler.below(59_000))
            let several = agency < instances.count ? instances[agency] : 1
            let instance = several > 1 ? scheduler.below(several) : 0
            scheduler.schedule(.crash(agency: agency, instance: instance, stage: stage, downtime: downtime), at: at)
        }
    }

    /// Keeps `event` for agency `a` (every instance down) until one restarts.
    mutating func keepUntilRestart(_ event: SimulationEvent, at a: Int) { nodes[a].deferred.append(event) }

    mutating func noteSubmitted(_ submission: Int, at a: Int, _ k: Int) { nodes[a].instances[k].submitted.append(submission) }

    /// Takes instance `k`'s state machine out while it handles an event, so its state is
    /// uniquely referenced and mutated in place (a second reference would copy its
    /// dictionaries on every event); `putBack` returns it. Nil when the instance is down.
    mutating func takeAgency(_ a: Int, _ k: Int) -> Agency? {
        guard isUp(a, k) else { return nil }
        let agency = nodes[a].instances[k].agency
        nodes[a].instances[k].agency = nil
        return agency
    }

    mutating func putBack(_ agency: Agency, at a: Int, _ k: Int) { nodes[a].instances[k].agency = agency }

    /// Commits instance `k`'s transaction at simulated `now`, leasing the requests it sends.
    mutating func commit(_ transaction: StoreTransaction, at a: Int, _ k: Int, now: Int64, sending: [String]) throws(StoreError) {
        try nodes[a].store.commit(transaction, instance: k, now: now, agencyNow: now + nodes[a].offset,
                                  sending: sending, leaseMs: Self.leaseMs)
        nodes[a].pollsStale = nodes[a].isShared
    }

    /// What the shared store holds about an incoming frame, as instance `k` reads it now.
    func relatedRecords(of key: MessageKey, correlationId: String?, at a: Int, _ k: Int, now: Int64) -> StoreSnapshot {
        nodes[a].store.relatedRecords(of: key, correlationId: correlationId, agency: nodes[a].id, reader: k, now: now)
    }

    /// Instance `k` claims the due, unleased outgoing messages of agency `a`'s shared store.
    mutating func claimDue(at a: Int, _ k: Int, now: Int64, limit: Int, takenOver: inout Int) -> StoreSnapshot {
        nodes[a].instances[k].nextPoll = nil
        nodes[a].pollsStale = true
        return nodes[a].store.claimDue(now: now + nodes[a].offset, limit: limit, instance: k, agency: nodes[a].id,
                                       leaseMs: Self.leaseMs, takenOver: &takenOver)
    }

    /// Notes that instance `k` delivers request `messageId` under its lease.
    mutating func noteLeased(_ messageId: String, at a: Int, _ k: Int) { nodes[a].instances[k].leased.insert(messageId) }

    /// Arms a crash of instance `k` during its next event; false (nothing armed) when it is
    /// down or already armed.
    mutating func arm(_ a: Int, _ k: Int, stage: CrashStage, downtime: Int64) -> Bool {
        guard isUp(a, k), nodes[a].instances[k].pendingCrash == nil else { return false }
        nodes[a].instances[k].pendingCrash = (stage, downtime)
        return true
    }

    /// Instance `k` goes down (its state machine was taken out and is dropped, its deliveries,
    /// timers, poller and leases in hand with it); returns how long it stays down (ms).
    mutating func goDown(_ a: Int, _ k: Int) -> Int64 {
        let downtime = nodes[a].instances[k].pendingCrash?.downtime ?? 1_000
        var instance = nodes[a].instances[k]
        instance.agency = nil
        instance.pendingCrash = nil
        instance.epoch += 1
        instance.deliveries = DeliveryWindow(limitPerPeer: instance.deliveries.limitPerPeer)
        instance.leased = []
        instance.pollGeneration += 1
        instance.nextPoll = nil
        nodes[a].instances[k] = instance
        return downtime
    }

    // MARK: Deliveries

    /// Queues instance `k`'s frame for `peer`; false when that message's delivery is still
    /// under way (in flight or waiting), so it is not sent again.
    mutating func enqueue(_ frame: OutgoingFrame, messageId: String, to peer: String, at a: Int, _ k: Int) -> Bool {
        nodes[a].instances[k].deliveries.enqueue(frame, messageId: messageId, to: peer)
    }

    /// Instance `k`'s deliveries to `peer` to start now (as many as it has free slots).
    mutating func startable(at a: Int, _ k: Int, to peer: String) -> [DeliveryWindow<OutgoingFrame>.Delivery] {
        nodes[a].instances[k].deliveries.startable(to: peer)
    }

    /// Ends a delivery, freeing its slot and, on a shared store, giving its lease back; false
    /// when its sender has crashed since it began (a dead instance keeps its leases until they
    /// expire).
    @discardableResult
    mutating func complete(_ end: DeliveryEnd) -> Bool {
        let a = end.sender, k = end.instance
        guard nodes[a].instances.indices.contains(k), nodes[a].instances[k].epoch == end.epoch else { return false }
        guard nodes[a].instances[k].deliveries.complete(messageId: end.messageId, to: end.peer) else { return false }
        if nodes[a].instances[k].leased.remove(end.messageId) != nil {
            nodes[a].store.releaseLease(of: end.messageId, instance: k)
            nodes[a].pollsStale = true
        }
        return true
    }

    func inFlight(at a: Int, _ k: Int, to peer: String) -> Int { nodes[a].instances[k].deliveries.inFlightCount(to: peer) }

    func isOutstanding(_ messageId: String, at a: Int, _ k: Int) -> Bool {
        nodes[a].instances[k].deliveries.isOutstanding(messageId)
    }

    // MARK: Restarts and polls

    /// Rebuilds instance `k` from the store alone at simulated `now`; returns the snapshot it
    /// started from.
    mutating func restart(_ a: Int, _ k: Int, now: Int64) -> StoreSnapshot {
        let snapshot = nodes[a].store.state
        nodes[a].instances[k].agency = Agency(configuration: nodes[a].configuration, snapshot: snapshot)
        nodes[a].instances[k].pollPhase = now
        nodes[a].instances[k].pollGeneration += 1
        nodes[a].instances[k].nextPoll = nil
        nodes[a].pollsStale = nodes[a].isShared
        return snapshot
    }

    /// Rebuilds instance `k`'s state machine from the store after its commit was refused (the
    /// store changed behind it), as the live agency does.
    func rebuild(_ a: Int, _ k: Int) -> Agency {
        Agency(configuration: nodes[a].configuration, snapshot: nodes[a].store.state)
    }

    /// What instance `k` does again after a restart from `snapshot`, in order: its submissions
    /// lost before their commit (submitted again), then the events that arrived while every
    /// instance was down.
    mutating func resumed(_ a: Int, _ k: Int, from snapshot: StoreSnapshot, traffic: Traffic) -> [SimulationEvent] {
        let name = nodes[a].id
        let lost = nodes[a].instances[k].submitted.filter {
            snapshot.manifests[MessageKey(sender: name, messageId: traffic.submissions[$0].manifest.header.messageId)] == nil
        }
        nodes[a].instances[k].submitted.removeAll { lost.contains($0) }
        let deferred = nodes[a].deferred
        nodes[a].deferred = []
        return lost.map { .submit($0) } + deferred
    }

    /// The polls agency `a`'s instances need now that its store changed: each instance that is
    /// up polls at the first tick of its poller (every `pollInterval` from its start) after
    /// `now` at which a message can be claimed; returns the (instance, generation, time) of the
    /// polls to schedule (one already due earlier stays).
    mutating func pollsDue(_ a: Int, now: Int64) -> [(instance: Int, generation: Int, at: Int64)] {
        guard nodes[a].pollsStale else { return [] }
        nodes[a].pollsStale = false
        guard nodes[a].isShared, let due = nodes[a].store.earliestClaimable() else { return [] }
        let earliest = max(due - nodes[a].offset, now + 1)
        var polls: [(instance: Int, generation: Int, at: Int64)] = []
        for k in nodes[a].instances.indices where isUp(a, k) {
            let phase = nodes[a].instances[k].pollPhase
            let ticks = max(1, (earliest - phase + Self.pollInterval - 1) / Self.pollInterval)
            let at = phase + ticks * Self.pollInterval
            if let next = nodes[a].instances[k].nextPoll, next <= at { continue }
            nodes[a].instances[k].pollGeneration += 1
            nodes[a].instances[k].nextPoll = at
            polls.append((k, nodes[a].instances[k].pollGeneration, at))
        }
        return polls
    }

    func pollGeneration(_ a: Int, _ k: Int) -> Int { nodes[a].instances[k].pollGeneration }

    /// Every agency's store as it ends, by agency id.
    func finalStates() -> [String: StoreSnapshot] {
        var finals: [String: StoreSnapshot] = [:]
        for node in nodes { finals[node.id] = node.store.state }
        return finals
    }
}
