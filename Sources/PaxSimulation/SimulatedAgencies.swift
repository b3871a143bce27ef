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

/// The simulated agencies, each with its store, its clock's offset from true time, its
/// outgoing deliveries (a `DeliveryWindow`, the live agency's policy) and its crashes: a crash
/// armed for its next event, the downtime, the restart from its store alone (timers and
/// deliveries of the old run gone), and what it missed while down (submitted again, like a
/// client retrying).
struct SimulatedAgencies {
    /// A frame waiting for, or using, a delivery slot.
    struct OutgoingFrame {
        var frame: [UInt8]
        var kind: SendKind
    }

    struct Node {
        var configuration: AgencyConfiguration
        /// The state machine; nil while the agency is down (or while it handles an event).
        var agency: Agency?
        let store = InMemoryStore()
        /// Runs since the start: a timer armed in an earlier run does not fire.
        var epoch = 0
        /// The agency clock's offset from true time (ms).
        var offset: Int64 = 0
        var pendingCrash: (stage: CrashStage, downtime: Int64)?
        /// Events that arrived while it was down, run again once it restarts.
        var deferred: [SimulationEvent] = []
        /// Submissions handed to it (indices into the traffic's submissions).
        var submitted: [Int] = []
        /// Its deliveries in flight and waiting, per peer.
        var deliveries: DeliveryWindow<OutgoingFrame>

        var id: String { configuration.id }
    }

    private(set) var nodes: [Node]

    /// The agencies for `configurations`, clocks skewed by up to ±`skewSeconds`/2, each with at
    /// most `maxInFlightPerPeer` deliveries in flight to one peer.
    init(_ configurations: [AgencyConfiguration], skewSeconds: Double, maxInFlightPerPeer: Int, scheduler: inout Scheduler) {
        nodes = configurations.map {
            Node(configuration: $0, agency: Agency(configuration: $0), deliveries: DeliveryWindow(limitPerPeer: maxInFlightPerPeer))
        }
        let skew = Int64(skewSeconds * 1000)
        for i in nodes.indices where skew > 0 {
            nodes[i].offset = Int64(scheduler.below(Int(skew) + 1)) - skew / 2
        }
    }

    subscript(_ a: Int) -> Node { nodes[a] }

    /// The index of the agency named `id` (the simulated pair: the first or the second).
    func index(of id: String) -> Int { nodes[0].id == id ? 0 : 1 }

    func isUp(_ a: Int) -> Bool { nodes[a].agency != nil }

    /// Schedules the plan's crashes: each at a random moment of `start..<start + span`, at
    /// either agency, at a random stage, down for 1-60 s.
    static func scheduleCrashes(_ count: Int, from start: Int64, span: Int, in scheduler: inout Scheduler) {
        for _ in 0..<count {
            let at = start + Int64(scheduler.below(span))
            let stage = CrashStage(rawValue: scheduler.below(3)) ?? .beforeCommit
            scheduler.schedule(.crash(agency: scheduler.below(2), stage: stage, downtime: 1_000 + Int64(scheduler.below(59_000))),
                               at: at)
        }
    }

    /// Keeps `event` for agency `a` (which is down) until it restarts.
    mutating func keepUntilRestart(_ event: SimulationEvent, at a: Int) { nodes[a].deferred.append(event) }

    mutating func noteSubmitted(_ submission: Int, at a: Int) { nodes[a].submitted.append(submission) }

    /// Takes agency `a`'s state machine out while it handles an event, so its state is uniquely
    /// referenced and mutated in place (a second reference would copy its dictionaries on
    /// every event); `putBack` returns it. Nil when the agency is down.
    mutating func takeAgency(_ a: Int) -> Agency? {
        let agency = nodes[a].agency
        nodes[a].agency = nil
        return agency
    }

    mutating func putBack(_ agency: Agency, at a: Int) { nodes[a].agency = agency }

    func commit(_ transaction: StoreTransaction, at a: Int) throws(StoreError) {
        try nodes[a].store.commit(transaction)
    }

    /// Arms a crash of agency `a` during its next event; false (nothing armed) when it is
    /// down or already armed.
    mutating func arm(_ a: Int, stage: CrashStage, downtime: Int64) -> Bool {
        guard nodes[a].agency != nil, nodes[a].pendingCrash == nil else { return false }
        nodes[a].pendingCrash = (stage, downtime)
        return true
    }

    /// Agency `a` goes down (its state machine was taken out and is dropped, its deliveries
    /// with it); returns how long it stays down (ms).
    mutating func goDown(_ a: Int) -> Int64 {
        let downtime = nodes[a].pendingCrash?.downtime ?? 1_000
        nodes[a].agency = nil
        nodes[a].pendingCrash = nil
        nodes[a].epoch += 1
        nodes[a].deliveries = DeliveryWindow(limitPerPeer: nodes[a].deliveries.limitPerPeer)
        return downtime
    }

    // MARK: Deliveries

    /// Queues agency `a`'s frame for `peer`; false when that message's delivery is still
    /// under way (in flight or waiting), so it is not sent again.
    mutating func enqueue(_ frame: OutgoingFrame, messageId: String, to peer: String, at a: Int) -> Bool {
        nodes[a].deliveries.enqueue(frame, messageId: messageId, to: peer)
    }

    /// Agency `a`'s deliveries to `peer` to start now (as many as it has free slots).
    mutating func startable(at a: Int, to peer: String) -> [DeliveryWindow<OutgoingFrame>.Delivery] {
        nodes[a].deliveries.startable(to: peer)
    }

    /// Ends a delivery, freeing its slot; false when its sender has crashed since it began.
    @discardableResult
    mutating func complete(_ end: DeliveryEnd) -> Bool {
        guard nodes[end.sender].epoch == end.epoch else { return false }
        return nodes[end.sender].deliveries.complete(messageId: end.messageId, to: end.peer)
    }

    func inFlight(at a: Int, to peer: String) -> Int { nodes[a].deliveries.inFlightCount(to: peer) }

    /// Rebuilds agency `a` from its store alone; returns the snapshot it started from.
    mutating func restart(_ a: Int) -> StoreSnapshot {
        let snapshot = nodes[a].store.snapshot()
        nodes[a].agency = Agency(configuration: nodes[a].configuration, snapshot: snapshot)
        return snapshot
    }

    /// What agency `a` does again after a restart from `snapshot`, in order: the submissions
    /// lost before their commit (submitted again), then the events that arrived while down.
    mutating func resumed(_ a: Int, from snapshot: StoreSnapshot, traffic: Traffic) -> [SimulationEvent] {
        let name = nodes[a].id
        let lost = nodes[a].submitted.filter {
            snapshot.manifests[MessageKey(sender: name, messageId: traffic.submissions[$0].manifest.header.messageId)] == nil
        }
        nodes[a].submitted.removeAll { lost.contains($0) }
        let deferred = nodes[a].deferred
        nodes[a].deferred = []
        return lost.map { .submit($0) } + deferred
    }

    /// Every agency's store as it ends, by agency id.
    func finalStates() -> [String: StoreSnapshot] {
        var finals: [String: StoreSnapshot] = [:]
        for node in nodes { finals[node.id] = node.store.snapshot() }
        return finals
    }
}
