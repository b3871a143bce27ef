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

/// How far an injected crash lets the event that triggers it get.
enum CrashStage: Int {
    /// Power lost before the commit: nothing of the event survives.
    case beforeCommit
    /// After the commit, before any send: the outbox holds what was never sent.
    case afterCommit
    /// After the first send.
    case afterFirstSend
}

struct Runner {
    enum Event {
        case submit(Int)
        case recordLocal(Int)
        case ask(Int)
        case deliver(agency: Int, bytes: [UInt8])
        case timer(agency: Int, epoch: Int, AgencyTimer)
        case crash(agency: Int, stage: CrashStage, downtime: Int64)
        case restart(agency: Int)
        case partition(start: Bool)
        case forge(Int)
        case byzantine(Int)
    }

    struct Node {
        var configuration: AgencyConfiguration
        var agency: Agency?
        let store = InMemoryStore()
        var epoch = 0
        var offset: Int64 = 0
        var pendingCrash: (stage: CrashStage, downtime: Int64)?
        var deferred: [Event] = []
        var submitted: [Int] = []
    }

    let options: SimulationOptions
    var random: SeededRandom
    var traffic: Traffic
    var nodes: [Node] = []
    var queue = EventQueue<Event>()
    var trace: Trace
    var timeline: [String] = []
    var observer = Observer()
    var summary = RunSummary()
    var partitioned = false
    var now: Int64 = 0
    var attackerKey: SigningKey
    var lastLegitimateFrame: [UInt8]?
    var lastLegitimateTarget = 0
    /// The misbehaving third agency, when the fault plan has one.
    var byzantine: ByzantinePeer?
    let screening: RiskEngine
    /// Receivers' manifest checks, done ahead on worker threads (the other cores).
    let payloadChecks: PayloadCheckCache?
    /// Submissions in the order they are due, each submission's place in it, and how many of
    /// them have been handed to the workers.
    let dueOrder: [Int]
    let duePlace: [Int]
    var prefetched = 0
    /// How many manifests beyond the one being submitted are handed to the workers.
    let lookahead: Int

    init(_ options: SimulationOptions) throws {
        self.options = options
        random = SeededRandom(seed: options.seed, stream: 0x5141_4C41)
        let pair = try AgencyPair(random: &random)
        attackerKey = try AgencyPair.key(&random)
        traffic = try Traffic.make(options, agencies: pair, random: &random)
        byzantine = options.faults.byzantine > 0 ? try ByzantinePeer(seed: options.seed) : nil
        trace = Trace(keep: options.keepTrace)
        let engine = RiskEngine(screener: WatchListScreener(watchList: traffic.watchList))
        screening = engine
        let workers = options.checkWorkers ?? ParallelWork.defaultWorkers
        payloadChecks = workers > 0 ? PayloadCheckCache(limit: 64, workers: workers, screening: engine) : nil
        lookahead = 4 * workers + 4
        let submissions = traffic.submissions
        let order = submissions.indices.sorted { (submissions[$0].submitAt, $0) < (submissions[$1].submitAt, $1) }
        dueOrder = order
        var place = [Int](repeating: 0, count: submissions.count)
        for (position, i) in order.enumerated() { place[i] = position }
        duePlace = place
        for configuration in pair.configurations(screening: engine, options: options,
                                                 others: byzantine.map { [$0.peer] } ?? []) {
            nodes.append(Node(configuration: configuration, agency: Agency(configuration: configuration)))
        }
        let skew = Int64(options.faults.skewSeconds * 1000)
        for i in nodes.indices where skew > 0 {
            nodes[i].offset = Int64(random.below(Int(skew) + 1)) - skew / 2
        }
        summary.exchangedFlights = traffic.submissions.count
        summary.localFlights = traffic.local.count
        summary.travelers = traffic.travelerCount
        summary.plantedSubjects = traffic.plants.count
        summary.queries = traffic.queries.count
        schedule()
    }

    private mutating func schedule() {
        let start = traffic.start
        for (i, local) in traffic.local.enumerated() { queue.schedule(.recordLocal(i), at: max(start, local.submitAt - 3_600_000)) }
        for (i, submission) in traffic.submissions.enumerated() { queue.schedule(.submit(i), at: submission.submitAt) }
        for (i, query) in traffic.queries.enumerated() { queue.schedule(.ask(i), at: query.askAt) }
        let end = max(start + 1, (traffic.submissions.map(\.submitAt).max() ?? start) + 300_000)
        let span = Int(end - start)
        let faults = options.faults
        for _ in 0..<faults.crashes {
            let at = start + Int64(random.below(span))
            let stage = CrashStage(rawValue: random.below(3)) ?? .beforeCommit
            queue.schedule(.crash(agency: random.below(2), stage: stage, downtime: 1_000 + Int64(random.below(59_000))), at: at)
        }
        for _ in 0..<faults.partitions {
            let at = start + Int64(random.below(span))
            queue.schedule(.partition(start: true), at: at)
            queue.schedule(.partition(start: false), at: at + Int64(faults.partitionSeconds * 1000))
        }
        if faults.forge > 0 {
            for (i, submission) in traffic.submissions.enumerated() where chance(faults.forge) {
                queue.schedule(.forge(i), at: submission.submitAt + 5_000 + Int64(random.below(60_000)))
            }
        }
        if var peer = byzantine {
            // Drawn from the byzantine peer's own stream: the other faults draw what they did.
            for (i, submission) in traffic.submissions.enumerated() where peer.chance(faults.byzantine) {
                // Half the attacks come before the genuine manifest is sent, to be first with its id.
                let at = peer.random.below(2) == 0 ? submission.submitAt - 2_000
                    : submission.submitAt + 5_000 + Int64(peer.random.below(60_000))
                queue.schedule(.byzantine(i), at: max(traffic.start, at))
            }
            byzantine = peer
        }
    }

    mutating func chance(_ p: Double) -> Bool {
        guard p > 0 else { return false }
        return Double(random.next() >> 11) * 0x1p-53 < p
    }

    // MARK: Loop

    mutating func loop() {
        while let (time, _, event) = queue.pop() {
            now = time
            summary.events += 1
            handle(event)
        }
        summary.virtualSeconds = Double(now - traffic.start) / 1000
    }

    private mutating func handle(_ event: Event) {
        switch event {
        case .submit(let i):
            let submission = traffic.submissions[i]
            let a = index(of: submission.submitter)
            note("submit", [("agency", .text(submission.submitter)), ("id", .text(submission.manifest.header.messageId)),
                            ("travellers", .int(Int64(submission.manifest.travelers.count)))],
                 "\(submission.submitter) submits \(submission.manifest.header.messageId) (\(submission.manifest.travelers.count) travellers)")
            prefetchManifests(through: duePlace[i] + lookahead)
            guard nodes[a].agency != nil else { nodes[a].deferred.append(event); return }
            nodes[a].submitted.append(i)
            dispatch(a, .submit(submission.manifest), cause: nil)
        case .recordLocal(let i):
            let local = traffic.local[i]
            let a = index(of: local.submitter)
            guard nodes[a].agency != nil else { nodes[a].deferred.append(event); return }
            dispatch(a, .recordLocal(local.manifest), cause: nil)
        case .ask(let i):
            let query = traffic.queries[i]
            let a = index(of: query.asker)
            note("ask", [("agency", .text(query.asker)), ("peer", .text(query.peer))], "\(query.asker) asks \(query.peer) about a traveller")
            guard nodes[a].agency != nil else { return }
            dispatch(a, .ask(query.query, peer: query.peer), cause: nil)
        case .deliver(let a, let bytes):
            guard nodes[a].agency != nil else {
                summary.lostWhileDown += 1
                let name = nodes[a].configuration.id
                note("lost-down", [("to", .text(name)), ("bytes", .int(Int64(bytes.count)))],
                     "\(name) is down: \(bytes.count) bytes lost")
                return
            }
            summary.delivered += 1
            observer.inputDelivered()
            dispatch(a, .received(bytes, precheck: prefetchedCheck(of: bytes)), cause: bytes)
            observer.inputHandled()
        case .timer(let a, let epoch, let timer):
            guard nodes[a].agency != nil, nodes[a].epoch == epoch else { return }
            dispatch(a, .timerFired(timer), cause: nil)
        case .crash(let a, let stage, let downtime):
            guard nodes[a].agency != nil, nodes[a].pendingCrash == nil else { return }
            nodes[a].pendingCrash = (stage, downtime)
            let name = nodes[a].configuration.id
            note("crash-armed", [("agency", .text(name)), ("stage", .int(Int64(stage.rawValue)))],
                 "\(name) will crash during its next event (\(stage))")
        case .restart(let a):
            restart(a)
        case .partition(let start):
            partitioned = start
            note(start ? "partition-start" : "partition-end", [], start ? "link partitioned" : "link restored")
        case .forge(let i):
            forge(i)
        case .byzantine(let i):
            attack(i)
        }
    }

    private func index(of agency: String) -> Int { nodes[0].configuration.id == agency ? 0 : 1 }

    /// Hands the workers the manifests due up to place `last` (the receiver takes each check
    /// when the manifest arrives; it is encoded the same way its submitter will encode it).
    private mutating func prefetchManifests(through last: Int) {
        guard let payloadChecks else { return }
        while prefetched < min(last + 1, dueOrder.count) {
            let manifest = traffic.submissions[dueOrder[prefetched]].manifest
            payloadChecks.prefetch(messageId: manifest.header.messageId) { try? manifest.xml() }
            prefetched += 1
        }
    }

    /// The check prefetched for the message in `bytes` (by its id and claimed digest; the
    /// agency uses it only once its envelope check has verified that digest), if any.
    private func prefetchedCheck(of bytes: [UInt8]) -> PayloadPrecheck? {
        guard let payloadChecks, let message = try? WireFrame.decode(bytes) else { return nil }
        return payloadChecks.take(messageId: message.messageId, digest: message.payloadDigest)
    }

    // MARK: Agencies

    /// Runs one event through agency `a` and carries out its effects in order, cutting them
    /// short if a crash was armed.
    private mutating func dispatch(_ a: Int, _ event: AgencyEvent, cause: [UInt8]?) {
        guard var agency = nodes[a].agency else { return }
        // Take the agency out while it runs, so its state is uniquely referenced and mutated
        // in place (a second reference would copy its dictionaries on every event).
        nodes[a].agency = nil
        let id = nodes[a].configuration.id
        let effects = agency.handle(event, now: now + nodes[a].offset, random: &random)
        let crash = nodes[a].pendingCrash
        var crashed = false
        var sends = 0
        for effect in effects {
            if let crash, crash.stage == .beforeCommit, case .commit = effect { crashed = true; break }
            switch effect {
            case .commit(let transaction):
                do {
                    try nodes[a].store.commit(transaction)
                } catch {
                    note("commit-refused", [("agency", .text(id)), ("why", .text(error.description))],
                         "\(id) commit refused: \(error.description)")
                    observer.commitRefused(by: id, error)
                    crashed = true
                }
                if crashed { break }
                observer.committed(by: id, transaction, cause: cause, traffic: traffic)
                if let crash, crash.stage == .afterCommit { crashed = true }
            case .send(let peer, let messageId, let frame, let kind):
                if peer == ByzantinePeer.id {
                    sendToByzantine(from: a, messageId: messageId, frame: frame, kind: kind)
                } else {
                    send(from: a, to: index(of: peer), messageId: messageId, frame: frame, kind: kind)
                }
                sends += 1
                if let crash, crash.stage == .afterFirstSend { crashed = true }
            case .setTimer(let timer, let at):
                queue.schedule(.timer(agency: a, epoch: nodes[a].epoch, timer), at: max(now, at - nodes[a].offset))
            case .alert(let alert):
                summary.alerts[alert.kind.rawValue, default: 0] += 1
                note("alert", [("agency", .text(id)), ("kind", .text(alert.kind.rawValue)), ("id", .text(alert.messageId))],
                     "\(id) ALERT \(alert.kind.rawValue) \(alert.messageId): \(alert.detail)")
            case .refused(let rejection):
                summary.rejections[rejection.reason, default: 0] += 1
                note("refuse", [("agency", .text(id)), ("reason", .text(rejection.reason.rawValue)),
                                ("id", .text(rejection.claimedMessageId ?? ""))],
                     "\(id) refuses \(rejection.claimedMessageId ?? "unreadable bytes"): \(rejection.reason.rawValue) (\(rejection.detail))")
            case .duplicateSuppressed(let messageId):
                summary.duplicatesSuppressed += 1
                note("duplicate", [("agency", .text(id)), ("id", .text(messageId))], "\(id) recognises duplicate \(messageId)")
            }
            if crashed { break }
        }
        if crash != nil { crashed = true }
        if crashed {
            goDown(a)
        } else {
            nodes[a].agency = agency
        }
    }

    private mutating func goDown(_ a: Int) {
        let downtime = nodes[a].pendingCrash?.downtime ?? 1_000
        nodes[a].agency = nil
        nodes[a].pendingCrash = nil
        nodes[a].epoch += 1
        summary.crashes += 1
        let name = nodes[a].configuration.id
        note("crash", [("agency", .text(name)), ("downtime", .int(downtime))], "\(name) CRASHES, down for \(downtime) ms")
        queue.schedule(.restart(agency: a), at: now + downtime)
    }

    private mutating func restart(_ a: Int) {
        let snapshot = nodes[a].store.snapshot()
        nodes[a].agency = Agency(configuration: nodes[a].configuration, snapshot: snapshot)
        let name = nodes[a].configuration.id
        note("restart", [("agency", .text(name))], "\(name) restarts from its store")
        dispatch(a, .restarted, cause: nil)
        // Submissions lost before their commit are submitted again, like a client retrying.
        let lost = nodes[a].submitted.filter {
            snapshot.manifests[MessageKey(sender: name, messageId: traffic.submissions[$0].manifest.header.messageId)] == nil
        }
        nodes[a].submitted.removeAll { lost.contains($0) }
        for i in lost { queue.schedule(.submit(i), at: now) }
        let deferred = nodes[a].deferred
        nodes[a].deferred = []
        for event in deferred { queue.schedule(event, at: now) }
    }

    // MARK: Network

    private mutating func send(from a: Int, to b: Int, messageId: String, frame: [UInt8], kind: SendKind) {
        let from = nodes[a].configuration.id, to = nodes[b].configuration.id
        observer.sent(by: from, to: to, messageId: messageId, frame: frame, kind: kind)
        let what: String
        switch kind {
        case .request(let attempt):
            if attempt == 1 { summary.requests += 1 } else { summary.retries += 1 }
            what = "request#" + String(attempt)
        case .reply:
            summary.replies += 1
            what = "reply"
        case .repeatedReply:
            summary.repeatedReplies += 1
            what = "repeated-reply"
        }
        lastLegitimateFrame = frame
        lastLegitimateTarget = b
        note("send", [("from", .text(from)), ("to", .text(to)), ("id", .text(messageId)), ("kind", .text(what)),
                      ("bytes", .int(Int64(frame.count)))],
             "\(from) → \(to) \(what) \(messageId) (\(frame.count) bytes)")
        let faults = options.faults
        if partitioned {
            summary.partitionDropped += 1
            note("partition-drop", [("id", .text(messageId))], "  partition drops \(messageId)")
            return
        }
        if chance(faults.drop) {
            summary.dropped += 1
            note("drop", [("id", .text(messageId))], "  network drops \(messageId)")
            return
        }
        let copies = chance(faults.duplicate) ? 2 : 1
        if copies == 2 { summary.duplicated += 1 }
        for copy in 0..<copies {
            var bytes = frame
            var delay = Int64(2 + random.below(40))
            if chance(faults.delay) {
                delay += Int64(random.below(Int(faults.maxDelaySeconds * 1000) + 1))
                summary.delayed += 1
            }
            if chance(faults.corrupt), !bytes.isEmpty {
                let flips = 1 + random.below(3)
                for _ in 0..<flips {
                    bytes[random.below(bytes.count)] ^= UInt8(1 + random.below(255))
                }
                summary.corrupted += 1
                note("corrupt", [("id", .text(messageId)), ("copy", .int(Int64(copy))), ("flips", .int(Int64(flips)))],
                     "  network corrupts \(flips) byte(s) of \(messageId)")
            }
            queue.schedule(.deliver(agency: b, bytes: bytes), at: now + delay)
        }
    }

    /// An attacker's frame: a forged acknowledgement, an unknown sender, a replay after the
    /// replay window, or a frame delivered to the wrong agency.
    private mutating func forge(_ i: Int) {
        let submission = traffic.submissions[i]
        let victim = index(of: submission.submitter)
        let peer = nodes[1 - victim].configuration.id
        let manifestId = submission.manifest.header.messageId
        let timing = nodes[victim].configuration.timing
        summary.forgedInjected += 1
        let payload = Array(("<Acknowledgement xmlns=\"urn:paxsim:api:v1\"><ReferencedMessageId>" + manifestId
            + "</ReferencedMessageId><Status>Accepted</Status></Acknowledgement>").utf8)
        switch random.below(4) {
        case 0:
            let forged = try? SignedMessage.signed(messageId: "FORGED-" + String(random.next(), radix: 16), correlationId: manifestId,
                                                   sender: peer, receiver: submission.submitter, createdAt: now + nodes[victim].offset,
                                                   payload: payload, key: attackerKey)
            note("forge", [("kind", .text("forged-signature")), ("to", .text(submission.submitter))],
                 "attacker sends \(submission.submitter) an acknowledgement forged in \(peer)'s name")
            if let forged { queue.schedule(.deliver(agency: victim, bytes: WireFrame.encode(forged)), at: now) }
        case 1:
            let forged = try? SignedMessage.signed(messageId: "ROGUE-" + String(random.next(), radix: 16), correlationId: manifestId,
                                                   sender: "XX-ROGUE", receiver: submission.submitter, createdAt: now + nodes[victim].offset,
                                                   payload: payload, key: attackerKey)
            note("forge", [("kind", .text("unknown-sender")), ("to", .text(submission.submitter))],
                 "attacker sends \(submission.submitter) a message from an unknown agency")
            if let forged { queue.schedule(.deliver(agency: victim, bytes: WireFrame.encode(forged)), at: now) }
        case 2:
            guard let frame = lastLegitimateFrame else { return }
            let later = timing.replayWindow + 2 * timing.skewTolerance + 60_000
            note("forge", [("kind", .text("replay")), ("bytes", .int(Int64(frame.count)))],
                 "attacker records a frame to replay after the replay window")
            queue.schedule(.deliver(agency: lastLegitimateTarget, bytes: frame), at: now + later)
        default:
            guard let frame = lastLegitimateFrame else { return }
            note("forge", [("kind", .text("misdirected")), ("bytes", .int(Int64(frame.count)))],
                 "attacker delivers a frame to the agency that sent it")
            queue.schedule(.deliver(agency: 1 - lastLegitimateTarget, bytes: frame), at: now)
        }
    }

    /// A frame for the byzantine peer: recorded (and its assistance records checked against
    /// what that peer may see), never delivered; it answers nothing.
    private mutating func sendToByzantine(from a: Int, messageId: String, frame: [UInt8], kind: SendKind) {
        let from = nodes[a].configuration.id
        observer.sent(by: from, to: ByzantinePeer.id, messageId: messageId, frame: frame, kind: kind)
        observer.checkAssistance(frame, requester: ByzantinePeer.id, territory: ByzantinePeer.territory, traffic: traffic)
        summary.toByzantine += 1
        note("send-byzantine", [("from", .text(from)), ("id", .text(messageId)), ("bytes", .int(Int64(frame.count)))],
             "\(from) → \(ByzantinePeer.id) \(messageId) (\(frame.count) bytes)")
    }

    /// The byzantine peer's attack around submission `i`: its frames go straight to their
    /// targets (it has its own link), each recorded as a legitimate agency's bytes.
    private mutating func attack(_ i: Int) {
        guard var peer = byzantine else { return }
        let submission = traffic.submissions[i]
        let receiver = nodes[1 - index(of: submission.submitter)].configuration.id
        let kind = ByzantinePeer.Attack(rawValue: peer.random.below(ByzantinePeer.Attack.allCases.count)) ?? .shadowManifest
        let sends = peer.attack(kind, around: submission, receiver: receiver, traffic: traffic, now: now)
        byzantine = peer
        summary.byzantineAttacks += 1
        note("byzantine", [("kind", .text(kind.name)), ("around", .text(submission.manifest.header.messageId)),
                           ("frames", .int(Int64(sends.count)))],
             "\(ByzantinePeer.id) attacks (\(kind.name)) around \(submission.manifest.header.messageId): \(sends.count) frames")
        for send in sends {
            let b = index(of: send.to)
            observer.sent(by: ByzantinePeer.id, to: send.to, messageId: send.messageId, frame: send.frame, kind: .request(attempt: 1))
            note("send", [("from", .text(ByzantinePeer.id)), ("to", .text(send.to)), ("id", .text(send.messageId)),
                          ("kind", .text("byzantine")), ("bytes", .int(Int64(send.frame.count)))],
                 "\(ByzantinePeer.id) → \(send.to) \(send.messageId) (\(send.frame.count) bytes)")
            queue.schedule(.deliver(agency: b, bytes: send.frame), at: now + send.delay)
        }
    }

    // MARK: Trace

    private mutating func note(_ event: String, _ fields: [(String, TraceValue)], _ human: @autoclosure () -> String) {
        let t = now - traffic.start
        trace.record(t, event, fields)
        if options.keepTrace {
            timeline.append(RunSummary.fixed(Double(t) / 1000, 3).leftPadded(10) + "s  " + human())
        }
    }

    mutating func finish() -> SimulationResult {
        var finals: [String: StoreSnapshot] = [:]
        for node in nodes { finals[node.configuration.id] = node.store.snapshot() }
        for submission in traffic.submissions {
            let key = MessageKey(sender: submission.submitter, messageId: submission.manifest.header.messageId)
            if let state = finals[submission.submitter]?.manifests[key]?.state {
                summary.outcomes[state, default: 0] += 1
            }
        }
        for node in nodes {
            guard let snapshot = finals[node.configuration.id] else { continue }
            summary.assistanceAnswered += snapshot.outbox.values.filter { $0.purpose == .assistanceRequest && $0.state == .answered }.count
        }
        let invariants = observer.verdicts(traffic: traffic, finalStates: finals, screening: screening)
        for result in invariants {
            note("invariant", [("name", .text(result.name)), ("holds", .int(result.holds ? 1 : 0))],
                 "invariant \(result.name): \(result.holds ? "holds" : "FAILS") — \(result.detail)")
        }
        return SimulationResult(seed: options.seed, summary: summary, invariants: invariants, traceHash: trace.hash(),
                                traceLines: trace.lines, timeline: timeline)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
