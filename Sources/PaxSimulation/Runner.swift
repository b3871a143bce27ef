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
                                     skewSeconds: options.faults.skewSeconds, maxInFlightPerPeer: options.maxInFlightPerPeer,
                                     scheduler: &scheduler)
        network = SimulatedNetwork(faults: options.faults)
        log = RunLog(keep: options.keepTrace, start: traffic.start)
        log.summary.exchangedFlights = traffic.submissions.count
        log.summary.localFlights = traffic.local.count
        log.summary.travelers = traffic.travelerCount
        log.summary.plantedSubjects = traffic.plants.count
        log.summary.queries = traffic.queries.count
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
        SimulatedAgencies.scheduleCrashes(options.faults.crashes, from: start, span: span, in: &scheduler)
        network.schedulePartitions(from: start, span: span, in: &scheduler)
        attacker.scheduleAttacks(traffic, faults: options.faults, in: &scheduler)
    }

    // MARK: Loop

    mutating func loop() {
        while let event = scheduler.next() {
            log.summary.events += 1
            handle(event)
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
            guard agencies.isUp(a) else { agencies.keepUntilRestart(event, at: a); return }
            agencies.noteSubmitted(i, at: a)
            dispatch(a, .submit(submission.manifest), cause: nil)
        case .recordLocal(let i):
            let local = traffic.local[i]
            let a = agencies.index(of: local.submitter)
            guard agencies.isUp(a) else { agencies.keepUntilRestart(event, at: a); return }
            dispatch(a, .recordLocal(local.manifest), cause: nil)
        case .ask(let i):
            let query = traffic.queries[i]
            let a = agencies.index(of: query.asker)
            log.note(now, "ask", [("agency", .text(query.asker)), ("peer", .text(query.peer))],
                     "\(query.asker) asks \(query.peer) about a traveller")
            guard agencies.isUp(a) else { return }
            dispatch(a, .ask(query.query, peer: query.peer), cause: nil)
        case .deliver(let a, let bytes, let ending):
            if agencies.isUp(a) {
                log.summary.delivered += 1
                observer.inputDelivered()
                dispatch(a, .received(bytes, precheck: prefetcher.check(of: bytes)), cause: bytes)
                observer.inputHandled()
            } else {
                log.summary.lostWhileDown += 1
                let name = agencies[a].id
                log.note(now, "lost-down", [("to", .text(name)), ("bytes", .int(Int64(bytes.count)))],
                         "\(name) is down: \(bytes.count) bytes lost")
            }
            if let ending, agencies.complete(ending) {
                startDeliveries(from: ending.sender, to: ending.peer)
            }
        case .timer(let a, let epoch, let timer):
            guard agencies.isUp(a), agencies[a].epoch == epoch else { return }
            dispatch(a, .timerFired(timer), cause: nil)
        case .crash(let a, let stage, let downtime):
            guard agencies.arm(a, stage: stage, downtime: downtime) else { return }
            let name = agencies[a].id
            log.note(now, "crash-armed", [("agency", .text(name)), ("stage", .int(Int64(stage.rawValue)))],
                     "\(name) will crash during its next event (\(stage))")
        case .restart(let a):
            let snapshot = agencies.restart(a)
            let name = agencies[a].id
            log.note(now, "restart", [("agency", .text(name))], "\(name) restarts from its store")
            dispatch(a, .restarted, cause: nil)
            for resumed in agencies.resumed(a, from: snapshot, traffic: traffic) { scheduler.schedule(resumed, at: now) }
        case .partition(let start):
            network.setPartitioned(start, now: now, log: &log)
        case .forge(let i):
            attacker.forge(around: traffic.submissions[i], agencies: agencies, scheduler: &scheduler, log: &log)
        case .byzantine(let i):
            attacker.attack(around: traffic.submissions[i], traffic: traffic, agencies: agencies,
                            scheduler: &scheduler, log: &log, observer: &observer)
        }
    }

    // MARK: Agencies

    /// Runs one event through agency `a` and carries out its effects in order, cutting them
    /// short if a crash was armed. As in the live agency, the first answer to received bytes
    /// goes straight back (it is the HTTP response there); every other frame goes through the
    /// agency's delivery window.
    private mutating func dispatch(_ a: Int, _ event: AgencyEvent, cause: [UInt8]?) {
        guard var agency = agencies.takeAgency(a) else { return }
        let id = agencies[a].id
        let now = scheduler.now
        let effects = agency.handle(event, now: now + agencies[a].offset, random: &scheduler.random)
        let crash = agencies[a].pendingCrash
        var crashed = false
        var answered = false
        var received = false
        if case .received = event { received = true }
        for effect in effects {
            if let crash, crash.stage == .beforeCommit, case .commit = effect { crashed = true; break }
            switch effect {
            case .commit(let transaction):
                do {
                    try agencies.commit(transaction, at: a)
                } catch {
                    log.note(now, "commit-refused", [("agency", .text(id)), ("why", .text(error.description))],
                             "\(id) commit refused: \(error.description)")
                    observer.commitRefused(by: id, error)
                    crashed = true
                }
                if crashed { break }
                observer.committed(by: id, transaction, cause: cause, traffic: traffic)
                if let crash, crash.stage == .afterCommit { crashed = true }
            case .send(let peer, let messageId, let frame, let kind):
                if received, !answered, kind.isAnswer {
                    answered = true
                    _ = transmit(from: a, to: peer, messageId: messageId, frame: frame, kind: kind, ending: nil)
                } else {
                    queueDelivery(from: a, to: peer, messageId: messageId, frame: frame, kind: kind)
                }
                if let crash, crash.stage == .afterFirstSend { crashed = true }
            case .setTimer(let timer, let at):
                scheduler.schedule(.timer(agency: a, epoch: agencies[a].epoch, timer), at: max(now, at - agencies[a].offset))
            case .alert(let alert):
                log.summary.alerts[alert.kind.rawValue, default: 0] += 1
                log.note(now, "alert", [("agency", .text(id)), ("kind", .text(alert.kind.rawValue)), ("id", .text(alert.messageId))],
                         "\(id) ALERT \(alert.kind.rawValue) \(alert.messageId): \(alert.detail)")
            case .refused(let rejection):
                log.summary.rejections[rejection.reason, default: 0] += 1
                log.note(now, "refuse", [("agency", .text(id)), ("reason", .text(rejection.reason.rawValue)),
                                         ("id", .text(rejection.claimedMessageId ?? ""))],
                         "\(id) refuses \(rejection.claimedMessageId ?? "unreadable bytes"): \(rejection.reason.rawValue) (\(rejection.detail))")
            case .duplicateSuppressed(let messageId):
                log.summary.duplicatesSuppressed += 1
                log.note(now, "duplicate", [("agency", .text(id)), ("id", .text(messageId))], "\(id) recognises duplicate \(messageId)")
            }
            if crashed { break }
        }
        if crash != nil { crashed = true }
        if crashed {
            goDown(a)
        } else {
            agencies.putBack(agency, at: a)
        }
    }

    private mutating func goDown(_ a: Int) {
        let downtime = agencies.goDown(a)
        log.summary.crashes += 1
        let name = agencies[a].id
        log.note(scheduler.now, "crash", [("agency", .text(name)), ("downtime", .int(downtime))],
                 "\(name) CRASHES, down for \(downtime) ms")
        scheduler.schedule(.restart(agency: a), at: scheduler.now + downtime)
    }

    // MARK: Sends

    /// Queues agency `a`'s frame in its delivery window and starts what the window allows.
    /// A resend of a message whose delivery is still under way is not made (the agency has
    /// counted the attempt); a frame with no free slot waits for one.
    private mutating func queueDelivery(from a: Int, to peer: String, messageId: String, frame: [UInt8], kind: SendKind) {
        let id = agencies[a].id
        guard agencies.enqueue(.init(frame: frame, kind: kind), messageId: messageId, to: peer, at: a) else {
            log.summary.skippedInFlight += 1
            log.note(scheduler.now, "skip-in-flight", [("agency", .text(id)), ("to", .text(peer)), ("id", .text(messageId))],
                     "\(id) does not resend \(messageId): its delivery to \(peer) is under way")
            return
        }
        if !startDeliveries(from: a, to: peer).contains(messageId) {
            log.summary.waitedForSlot += 1
            log.note(scheduler.now, "wait-slot", [("agency", .text(id)), ("to", .text(peer)), ("id", .text(messageId))],
                     "\(id) holds \(messageId): \(agencies.inFlight(at: a, to: peer)) deliveries to \(peer) in flight")
        }
    }

    /// Puts agency `a`'s waiting frames for `peer` on the link while it has free slots (a
    /// delivery that fails at once frees its slot for the next); returns their message ids.
    @discardableResult
    private mutating func startDeliveries(from a: Int, to peer: String) -> [String] {
        var started: [String] = []
        var batch = agencies.startable(at: a, to: peer)
        while !batch.isEmpty {
            log.summary.peakInFlight = max(log.summary.peakInFlight, agencies.inFlight(at: a, to: peer))
            for delivery in batch {
                started.append(delivery.messageId)
                let ending = DeliveryEnd(sender: a, epoch: agencies[a].epoch, peer: peer, messageId: delivery.messageId)
                if !transmit(from: a, to: peer, messageId: delivery.messageId, frame: delivery.payload.frame,
                             kind: delivery.payload.kind, ending: ending) {
                    agencies.complete(ending)
                }
            }
            batch = agencies.startable(at: a, to: peer)
        }
        return started
    }

    /// Puts agency `a`'s frame for `peer` on the link: recorded by the observer and the log,
    /// overheard by the attacker, carried by the network (its arrival, not a duplicate's,
    /// carrying `ending`). A frame for the byzantine peer is recorded (its assistance records checked
    /// against what that peer may see) and never delivered; it answers nothing. False when
    /// the frame reaches nobody (the delivery has ended).
    private mutating func transmit(from a: Int, to peer: String, messageId: String, frame: [UInt8], kind: SendKind,
                                   ending: DeliveryEnd?) -> Bool {
        let from = agencies[a].id
        let now = scheduler.now
        observer.sent(by: from, to: peer, messageId: messageId, frame: frame, kind: kind)
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
        return network.carry(frame, messageId: messageId, to: b, ending: ending, scheduler: &scheduler, log: &log)
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
        let invariants = observer.verdicts(traffic: traffic, finalStates: finals, screening: screening)
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
