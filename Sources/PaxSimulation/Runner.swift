@_spi(Testing) import PaxExchange
import PaxGenerator
import PaxRisk

/// One simulated run: takes the events due from the `Scheduler` one at a time and hands each
/// to the part whose job it is, carrying the agencies' effects to the others in order. The
/// parts: the `SimulatedAgencies` (stores, clocks, delivery windows, crashes), the
/// `SimulatedNetwork` (the link's faults), the `Attacker` (forgeries, replays, the byzantine
/// peer), the `RunLog` (trace, timeline, counts), the `Observer` (invariants) and the
/// `ManifestPrefetcher` (checks done ahead on other cores).
struct Runner {
    let options: SimulationOptions
    let traffic: Traffic
    let screening: RiskEngine
    var scheduler: Scheduler
    var agencies: SimulatedAgencies
    var network: SimulatedNetwork
    var attacker: Attacker
    var log: RunLog
    var observer = Observer()
    var prefetcher: ManifestPrefetcher

    /// Draws, in this order, the agencies' keys, the attacker's key, the traffic and the
    /// clocks' offsets, then schedules the day's events and faults.
    init(_ options: SimulationOptions) throws {
        guard (1...8).contains(options.instances) else {
            throw SimulationError("instances must be between 1 and 8, not \(options.instances)")
        }
        self.options = options
        var random = SeededRandom(seed: options.seed, stream: 0x5141_4C41)
        let pair = try AgencyPair(random: &random)
        let attackerKey = try AgencyPair.key(&random)
        traffic = try Traffic.make(options, agencies: pair, random: &random)
        let byzantine = options.faults.byzantine > 0 ? try ByzantinePeer(seed: options.seed) : nil
        attacker = Attacker(key: attackerKey, byzantine: byzantine)
        screening = RiskEngine(screener: WatchListScreener(watchList: traffic.watchList))
        prefetcher = ManifestPrefetcher(traffic, workers: options.checkWorkers, screening: screening)
        scheduler = Scheduler(random: random)
        agencies = SimulatedAgencies(pair.configurations(screening: screening, options: options,
                                                         others: byzantine.map { [$0.peer] } ?? []),
                                     instances: [1, options.instances],
                                     skewSeconds: options.faults.skewSeconds, maxInFlightPerPeer: options.maxInFlightPerPeer,
                                     uniqueInbox: !options.brokenUniqueInbox, scheduler: &scheduler)
        network = SimulatedNetwork(faults: options.faults)
        log = RunLog(keep: options.keepTrace, start: traffic.start)
        log.summary.exchangedFlights = traffic.submissions.count
        log.summary.localFlights = traffic.local.count
        log.summary.travelers = traffic.travelerCount
        log.summary.plantedSubjects = traffic.plants.count
        log.summary.queries = traffic.queries.count
        log.summary.instances = options.instances
        schedule()
    }

    /// The traffic (local manifests an hour before they are due at the latest), then the
    /// faults: crashes, partitions, forgeries, byzantine attacks.
    private mutating func schedule() {
        let start = traffic.start
        for (i, local) in traffic.local.enumerated() { scheduler.schedule(.recordLocal(i), at: max(start, local.submitAt - 3_600_000)) }
        for (i, submission) in traffic.submissions.enumerated() { scheduler.schedule(.submit(i), at: submission.submitAt) }
        for (i, query) in traffic.queries.enumerated() { scheduler.schedule(.ask(i), at: query.askAt) }
        let end = max(start + 1, (traffic.submissions.map(\.submitAt).max() ?? start) + 300_000)
        let span = Int(end - start)
        SimulatedAgencies.scheduleCrashes(options.faults.crashes, from: start, span: span,
                                          instances: agencies.nodes.map(\.instances.count), in: &scheduler)
        network.schedulePartitions(from: start, span: span, in: &scheduler)
        attacker.scheduleAttacks(traffic, faults: options.faults, in: &scheduler)
    }

    // MARK: Loop

    /// How long after the day's last input a run may still be busy: far beyond every retry
    /// horizon and deadline, so only a livelock (a planted bug) reaches it.
    static let settleMs: Int64 = 6 * 3_600_000

    mutating func loop() {
        let lastInput = (traffic.submissions.map(\.submitAt) + traffic.local.map(\.submitAt) + traffic.queries.map(\.askAt)).max()
        let settleBy = (lastInput ?? traffic.start) + Self.settleMs
        while let event = scheduler.next() {
            if scheduler.now > settleBy {
                log.note(scheduler.now, "unsettled", [], "the run is still busy 6 h after the last input: stopped")
                observer.unsettled("the run was still busy 6 h after the last input (a livelock) and was stopped")
                break
            }
            log.summary.events += 1
            handle(event)
            schedulePolls()
        }
        log.summary.virtualSeconds = Double(scheduler.now - traffic.start) / 1000
    }

    private mutating func handle(_ event: SimulationEvent) {
        let now = scheduler.now
        switch event {
        case .submit(let i):
            let submission = traffic.submissions[i]
            let a = agencies.index(of: submission.submitter)
            log.note(now, "submit", [("agency", .text(submission.submitter)), ("id", .text(submission.manifest.header.messageId)),
                                     ("travellers", .int(Int64(submission.manifest.travelers.count)))],
                     "\(submission.submitter) submits \(submission.manifest.header.messageId) (\(submission.manifest.travelers.count) travellers)")
            prefetcher.prefetch(aheadOf: i, in: traffic)
            guard let k = agencies.route(a, .preferred) else { agencies.keepUntilRestart(event, at: a); return }
            agencies.noteSubmitted(i, at: a, k)
            dispatch(a, k, .submit(submission.manifest), cause: nil)
        case .recordLocal(let i):
            let local = traffic.local[i]
            let a = agencies.index(of: local.submitter)
            guard let k = agencies.route(a, .preferred) else { agencies.keepUntilRestart(event, at: a); return }
            dispatch(a, k, .recordLocal(local.manifest), cause: nil)
        case .ask(let i):
            let query = traffic.queries[i]
            let a = agencies.index(of: query.asker)
            log.note(now, "ask", [("agency", .text(query.asker)), ("peer", .text(query.peer))],
                     "\(query.asker) asks \(query.peer) about a traveller")
            guard let k = agencies.route(a, .preferred) else { return }
            dispatch(a, k, .ask(query.query, peer: query.peer), cause: nil)
        case .deliver(let a, let route, let origin, let bytes, let ending):
            if let k = agencies.route(a, route) {
                log.summary.delivered += 1
                observer.inputDelivered()
                dispatch(a, k, .received(bytes, precheck: prefetcher.check(of: bytes)), cause: bytes, origin: origin)
                observer.inputHandled()
            } else {
                log.summary.lostWhileDown += 1
                let name = agencies[a].id
                log.note(now, "lost-down", [("to", .text(name)), ("bytes", .int(Int64(bytes.count)))],
                         "\(name) is down: \(bytes.count) bytes lost")
            }
            if let ending, agencies.complete(ending) {
                startDeliveries(from: ending.sender, ending.instance, to: ending.peer)
            }
        case .timer(let a, let k, let epoch, let timer):
            guard agencies.isUp(a, k), agencies[a].instances[k].epoch == epoch else { return }
            dispatch(a, k, .timerFired(timer), cause: nil)
        case .crash(let a, let k, let stage, let downtime):
            guard agencies.arm(a, k, stage: stage, downtime: downtime) else { return }
            let name = agencies.label(a, k)
            log.note(now, "crash-armed", [("agency", .text(name)), ("stage", .int(Int64(stage.rawValue)))],
                     "\(name) will crash during its next event (\(stage))")
        case .restart(let a, let k):
            let snapshot = agencies.restart(a, k, now: now)
            let name = agencies.label(a, k)
            log.note(now, "restart", [("agency", .text(name))], "\(name) restarts from its store")
            dispatch(a, k, .restarted, cause: nil)
            for resumed in agencies.resumed(a, k, from: snapshot, traffic: traffic) { scheduler.schedule(resumed, at: now) }
        case .poll(let a, let k, let generation):
            guard agencies.isUp(a, k), agencies.pollGeneration(a, k) == generation else { return }
            pollOutbox(a, k)
        case .partition(let start):
            network.setPartitioned(start, now: now, log: &log)
        case .forge(let i):
            attacker.forge(around: traffic.submissions[i], agencies: agencies, scheduler: &scheduler, log: &log)
        case .byzantine(let i):
            attacker.attack(around: traffic.submissions[i], traffic: traffic, agencies: agencies,
                            scheduler: &scheduler, log: &log, observer: &observer)
        }
    }

    // MARK: Shared stores

    /// Schedules the outbox polls the last event made necessary (agencies with several instances).
    private mutating func schedulePolls() {
        for a in agencies.nodes.indices where agencies[a].pollsStale {
            for poll in agencies.pollsDue(a, now: scheduler.now) {
                scheduler.schedule(.poll(agency: a, instance: poll.instance, generation: poll.generation), at: poll.at)
            }
        }
    }

    /// Instance `k` claims the due outgoing messages no instance is delivering (a crashed
    /// instance's once their leases expired, or any whose retry is due) and retries them under
    /// its lease, as `LiveAgency.pollOutbox` does: what it holds itself may be newer than the
    /// store (a settled message never becomes pending again, attempts only grow).
    private mutating func pollOutbox(_ a: Int, _ k: Int) {
        let limit = max(16, options.maxInFlightPerPeer * max(1, agencies[a].configuration.peers.count))
        var takenOver = 0
        let claimed = agencies.claimDue(at: a, k, now: scheduler.now, limit: limit, takenOver: &takenOver)
        guard !claimed.outbox.isEmpty, var agency = agencies.takeAgency(a, k) else { return }
        let retried = agency.adoptClaimed(claimed)
        agencies.putBack(agency, at: a, k)
        log.summary.claims += claimed.outbox.count
        log.summary.takeovers += takenOver
        let name = agencies.label(a, k)
        log.note(scheduler.now, "claim", [("agency", .text(name)), ("claimed", .int(Int64(claimed.outbox.count))),
                                          ("taken-over", .int(Int64(takenOver)))],
                 "\(name) claims \(claimed.outbox.count) due message(s), \(takenOver) from another instance's expired lease")
        for messageId in retried where !agencies.isOutstanding(messageId, at: a, k) {
            guard agencies.isUp(a, k) else { break }
            dispatch(a, k, .timerFired(.retry(messageId: messageId)), cause: nil)
        }
    }

    /// On a shared store: merges what another instance stored about an incoming frame (its
    /// inbox record; the own manifest and outgoing message it answers) into instance `k`'s
    /// state before it handles the frame, as `LiveAgency.adoptRelatedRecords` does, taking the
    /// stored own records when they are further along (`Agency.adoptProgress`; with `staleSharedReads`
    /// it keeps its own copy, as the live agency once did, and an acknowledgement handled after
    /// another instance took the assessment moves an assessed manifest back to delivered).
    private func adoptRelatedRecords(of frame: [UInt8], into agency: inout Agency, at a: Int, _ k: Int) {
        guard let message = try? WireFrame.decode(frame) else { return }
        let key = MessageKey(sender: message.sender, messageId: message.messageId)
        let correlation = message.correlationId.isEmpty ? nil : message.correlationId
        let known = agency.state.inbox[key] != nil
            && (correlation.map { agency.ownManifest($0) != nil || agency.state.outbox[$0] != nil } ?? true)
        guard !known else { return }
        let stored = agencies.relatedRecords(of: key, correlationId: correlation, at: a, k, now: scheduler.now)
        if options.staleSharedReads {
            agency.adopt(stored, replacing: false)
        } else {
            agency.adoptProgress(stored)
        }
    }

    /// On a shared store, before an assessment deadline fires: the instance that armed the
    /// timer may not be the one that received the assessment, so it reads its own manifest
    /// back from the store and takes the stored record when it is further along
    /// (`Agency.adoptProgress`, as `LiveAgency` does). Without this (`staleSharedReads`) a
    /// deadline fires on the stale copy and turns an assessed manifest unassessed.
    private func refreshOwnManifest(_ manifestId: String, in agency: inout Agency, at a: Int) {
        let key = MessageKey(sender: agencies[a].id, messageId: manifestId)
        guard let stored = agencies[a].store.state.manifests[key] else { return }
        agency.adoptProgress(StoreSnapshot(manifests: [key: stored]))
    }

    // MARK: Agencies

    /// Runs one event through instance `k` of agency `a` and carries out its effects in order,
    /// cutting them short if a crash was armed. As in the live agency, the first answer to
    /// received bytes goes straight back to the instance that sent them (it is the HTTP
    /// response there); every other frame goes through the instance's delivery window. On a
    /// shared store the instance first merges what the store holds about received bytes, its
    /// requests go out under a lease and retries come from its outbox polls; a commit the
    /// store's unique inbox key refuses (another instance processed the message first) rebuilds
    /// the instance from the store and handles the event again, now as a duplicate.
    private mutating func dispatch(_ a: Int, _ k: Int, _ event: AgencyEvent, cause: [UInt8]?, origin: Int = 0,
                                   afterConflict: Bool = false) {
        guard var agency = agencies.takeAgency(a, k) else { return }
        let id = agencies[a].id
        let name = agencies.label(a, k)
        let shared = agencies[a].isShared
        let now = scheduler.now
        if shared, case .received(let frame, _) = event { adoptRelatedRecords(of: frame, into: &agency, at: a, k) }
        if shared, !options.staleSharedReads, case .timerFired(.assessmentDeadline(let manifestId)) = event {
            refreshOwnManifest(manifestId, in: &agency, at: a)
        }
        let effects = agency.handle(event, now: now + agencies[a].offset, random: &scheduler.random)
        let crash = agencies[a].instances[k].pendingCrash
        var crashed = false
        var answered = false
        var received = false
        if case .received = event { received = true }
        var sending: [String] = []
        if shared {
            for case .send(_, let messageId, _, .request) in effects { sending.append(messageId) }
        }
        for effect in effects {
            if let crash, crash.stage == .beforeCommit, case .commit = effect { crashed = true; break }
            switch effect {
            case .commit(let transaction):
                do {
                    try agencies.commit(transaction, at: a, k, now: now, sending: sending)
                } catch {
                    if shared, case .duplicateInbox = error, !afterConflict {
                        log.summary.conflicts += 1
                        log.note(now, "conflict", [("agency", .text(name)), ("why", .text(error.description))],
                                 "\(name) commit refused by the unique inbox key (another instance processed it first): \(error.description)")
                        agencies.putBack(agencies.rebuild(a, k), at: a, k)
                        dispatch(a, k, event, cause: cause, origin: origin, afterConflict: true)
                        return
                    }
                    log.note(now, "commit-refused", [("agency", .text(name)), ("why", .text(error.description))],
                             "\(name) commit refused: \(error.description)")
                    observer.commitRefused(by: name, error)
                    crashed = true
                }
                if crashed { break }
                observer.committed(by: id, instance: name, transaction, cause: cause, traffic: traffic)
                if let crash, crash.stage == .afterCommit { crashed = true }
            case .send(let peer, let messageId, let frame, let kind):
                if received, !answered, kind.isAnswer {
                    answered = true
                    _ = transmit(from: a, k, to: peer, route: .pinned(origin), messageId: messageId, frame: frame, kind: kind, ending: nil)
                } else {
                    if shared, !kind.isAnswer { agencies.noteLeased(messageId, at: a, k) }
                    queueDelivery(from: a, k, to: peer, messageId: messageId, frame: frame, kind: kind)
                }
                if let crash, crash.stage == .afterFirstSend { crashed = true }
            case .setTimer(.retry, _) where shared:
                // On a shared store retries come from claiming due messages (`pollOutbox`).
                break
            case .setTimer(let timer, let at):
                scheduler.schedule(.timer(agency: a, instance: k, epoch: agencies[a].instances[k].epoch, timer),
                                   at: max(now, at - agencies[a].offset))
            case .alert(let alert):
                log.summary.alerts[alert.kind.rawValue, default: 0] += 1
                log.note(now, "alert", [("agency", .text(name)), ("kind", .text(alert.kind.rawValue)), ("id", .text(alert.messageId))],
                         "\(name) ALERT \(alert.kind.rawValue) \(alert.messageId): \(alert.detail)")
            case .refused(let rejection):
                log.summary.rejections[rejection.reason, default: 0] += 1
                log.note(now, "refuse", [("agency", .text(name)), ("reason", .text(rejection.reason.rawValue)),
                                         ("id", .text(rejection.claimedMessageId ?? ""))],
                         "\(name) refuses \(rejection.claimedMessageId ?? "unreadable bytes"): \(rejection.reason.rawValue) (\(rejection.detail))")
            case .duplicateSuppressed(let messageId):
                log.summary.duplicatesSuppressed += 1
                log.note(now, "duplicate", [("agency", .text(name)), ("id", .text(messageId))], "\(name) recognises duplicate \(messageId)")
            }
            if crashed { break }
        }
        if crash != nil { crashed = true }
        if crashed {
            goDown(a, k)
        } else {
            agencies.putBack(agency, at: a, k)
        }
    }

    private mutating func goDown(_ a: Int, _ k: Int) {
        let downtime = agencies.goDown(a, k)
        log.summary.crashes += 1
        let name = agencies.label(a, k)
        log.note(scheduler.now, "crash", [("agency", .text(name)), ("downtime", .int(downtime))],
                 "\(name) CRASHES, down for \(downtime) ms")
        scheduler.schedule(.restart(agency: a, instance: k), at: scheduler.now + downtime)
    }

    // MARK: Sends

    /// Queues instance `k`'s frame in its delivery window and starts what the window allows.
    /// A resend of a message whose delivery is still under way is not made (the agency has
    /// counted the attempt); a frame with no free slot waits for one.
    private mutating func queueDelivery(from a: Int, _ k: Int, to peer: String, messageId: String, frame: [UInt8], kind: SendKind) {
        let id = agencies.label(a, k)
        guard agencies.enqueue(.init(frame: frame, kind: kind), messageId: messageId, to: peer, at: a, k) else {
            log.summary.skippedInFlight += 1
            log.note(scheduler.now, "skip-in-flight", [("agency", .text(id)), ("to", .text(peer)), ("id", .text(messageId))],
                     "\(id) does not resend \(messageId): its delivery to \(peer) is under way")
            return
        }
        if !startDeliveries(from: a, k, to: peer).contains(messageId) {
            log.summary.waitedForSlot += 1
            log.note(scheduler.now, "wait-slot", [("agency", .text(id)), ("to", .text(peer)), ("id", .text(messageId))],
                     "\(id) holds \(messageId): \(agencies.inFlight(at: a, k, to: peer)) deliveries to \(peer) in flight")
        }
    }

    /// Puts instance `k`'s waiting frames for `peer` on the link while it has free slots (a
    /// delivery that fails at once frees its slot for the next); returns their message ids.
    @discardableResult
    private mutating func startDeliveries(from a: Int, _ k: Int, to peer: String) -> [String] {
        var started: [String] = []
        var batch = agencies.startable(at: a, k, to: peer)
        while !batch.isEmpty {
            log.summary.peakInFlight = max(log.summary.peakInFlight, agencies.inFlight(at: a, k, to: peer))
            for delivery in batch {
                started.append(delivery.messageId)
                let ending = DeliveryEnd(sender: a, instance: k, epoch: agencies[a].instances[k].epoch, peer: peer,
                                         messageId: delivery.messageId)
                if !transmit(from: a, k, to: peer, route: .preferred, messageId: delivery.messageId, frame: delivery.payload.frame,
                             kind: delivery.payload.kind, ending: ending) {
                    agencies.complete(ending)
                }
            }
            batch = agencies.startable(at: a, k, to: peer)
        }
        return started
    }

    /// Puts instance `k`'s frame for `peer` on the link: recorded by the observer and the log,
    /// overheard by the attacker, carried by the network to the instance `route` picks (its
    /// arrival, not a duplicate's, carrying `ending`). A frame for the byzantine peer is
    /// recorded (its assistance records checked against what that peer may see) and never
    /// delivered; it answers nothing. False when the frame reaches nobody (the delivery has
    /// ended).
    private mutating func transmit(from a: Int, _ k: Int, to peer: String, route: InstanceRoute, messageId: String,
                                   frame: [UInt8], kind: SendKind, ending: DeliveryEnd?) -> Bool {
        let from = agencies.label(a, k)
        let now = scheduler.now
        observer.sent(by: agencies[a].id, to: peer, messageId: messageId, frame: frame, kind: kind)
        if agencies[a].isShared, !kind.isAnswer {
            observer.requestSent(by: from, instance: k, messageId: messageId, lease: agencies[a].store.lease(of: messageId),
                                 now: now + agencies[a].offset)
        }
        if peer == ByzantinePeer.id {
            observer.checkAssistance(frame, requester: ByzantinePeer.id, territory: ByzantinePeer.territory, traffic: traffic)
            log.summary.toByzantine += 1
            log.note(now, "send-byzantine", [("from", .text(from)), ("id", .text(messageId)), ("bytes", .int(Int64(frame.count)))],
                     "\(from) → \(ByzantinePeer.id) \(messageId) (\(frame.count) bytes)")
            return false
        }
        let b = agencies.index(of: peer)
        log.noteSend(now, from: from, to: peer, messageId: messageId, bytes: frame.count, kind: kind)
        attacker.overhear(frame, to: b)
        return network.carry(frame, messageId: messageId, to: b, route: route, origin: k,
                             targetInstances: agencies[b].instances.count, ending: ending, scheduler: &scheduler, log: &log)
    }

    // MARK: End

    /// The run's result: final outcomes counted from the stores, the invariants decided by the
    /// observer (each noted in the trace), the trace hash.
    mutating func finish() -> SimulationResult {
        let finals = agencies.finalStates()
        for submission in traffic.submissions {
            let key = MessageKey(sender: submission.submitter, messageId: submission.manifest.header.messageId)
            if let state = finals[submission.submitter]?.manifests[key]?.state {
                log.summary.outcomes[state, default: 0] += 1
            }
        }
        for node in agencies.nodes {
            guard let snapshot = finals[node.id] else { continue }
            log.summary.assistanceAnswered += snapshot.outbox.values.filter { $0.purpose == .assistanceRequest && $0.state == .answered }.count
        }
        for node in agencies.nodes where node.isShared {
            var counts = Array(repeating: 0, count: node.instances.count)
            for entry in node.store.audit where counts.indices.contains(entry.instance) { counts[entry.instance] += 1 }
            log.summary.auditByInstance = counts
        }
        let invariants = observer.verdicts(traffic: traffic, finalStates: finals, screening: screening,
                                           instances: agencies.nodes.map(\.instances.count).max() ?? 1)
        for result in invariants {
            log.note(scheduler.now, "invariant", [("name", .text(result.name)), ("holds", .int(result.holds ? 1 : 0))],
                     "invariant \(result.name): \(result.holds ? "holds" : "FAILS") — \(result.detail)")
        }
        return SimulationResult(seed: options.seed, summary: log.summary, invariants: invariants, traceHash: log.trace.hash(),
                                traceLines: log.trace.lines, timeline: log.timeline)
    }
}

extension SendKind {
    /// True for a reply (first or repeated), false for a request.
    var isAnswer: Bool {
        switch self {
        case .reply, .repeatedReply: true
        case .request: false
        }
    }
}
