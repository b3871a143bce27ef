import PaxExchange
import PaxGenerator

/// Everyone on the link who is not one of the two agencies: an attacker who forges
/// acknowledgements, sends from an unknown agency, replays a recorded frame after the replay
/// window and misdirects frames; and the byzantine peer, a correctly keyed third agency that
/// misbehaves (see `ByzantinePeer`). The attacker draws from the run's generator, the
/// byzantine peer from its own stream.
struct Attacker {
    /// The attacker's own key (no agency trusts it).
    let key: SigningKey
    /// The last frame a legitimate agency put on the link, and the agency it was for.
    private var recorded: (frame: [UInt8], target: Int)?
    /// The misbehaving third agency, when the fault plan has one.
    private(set) var byzantine: ByzantinePeer?

    init(key: SigningKey, byzantine: ByzantinePeer?) {
        self.key = key
        self.byzantine = byzantine
    }

    /// Records a legitimate frame going to agency `target` (for a later replay).
    mutating func overhear(_ frame: [UInt8], to target: Int) {
        recorded = (frame, target)
    }

    /// Schedules a forgery with probability `faults.forge` per submission (the run's generator),
    /// then the byzantine attacks with probability `faults.byzantine` (the peer's own stream).
    mutating func scheduleAttacks(_ traffic: Traffic, faults: FaultPlan, in scheduler: inout Scheduler) {
        if faults.forge > 0 {
            for (i, submission) in traffic.submissions.enumerated() where scheduler.chance(faults.forge) {
                scheduler.schedule(.forge(i), at: submission.submitAt + 5_000 + Int64(scheduler.below(60_000)))
            }
        }
        if var peer = byzantine {
            // Drawn from the byzantine peer's own stream: the other faults draw what they did.
            for (i, submission) in traffic.submissions.enumerated() where peer.chance(faults.byzantine) {
                // Half the attacks come before the genuine manifest is sent, to be first with its id.
                let at = peer.random.below(2) == 0 ? submission.submitAt - 2_000
                    : submission.submitAt + 5_000 + Int64(peer.random.below(60_000))
                scheduler.schedule(.byzantine(i), at: max(traffic.start, at))
            }
            byzantine = peer
        }
    }

    /// An attacker's frame around submission `submission`: a forged acknowledgement, an unknown
    /// sender, a replay after the replay window, or a frame delivered to the agency that sent it.
    mutating func forge(around submission: Traffic.Submission, agencies: SimulatedAgencies,
                        scheduler: inout Scheduler, log: inout RunLog) {
        let now = scheduler.now
        let victim = agencies.index(of: submission.submitter)
        let peer = agencies[1 - victim].id
        let manifestId = submission.manifest.header.messageId
        let timing = agencies[victim].configuration.timing
        let victimNow = now + agencies[victim].offset
        log.summary.forgedInjected += 1
        let payload = Array(("<Acknowledgement xmlns=\"urn:paxsim:api:v1\"><ReferencedMessageId>" + manifestId
            + "</ReferencedMessageId><Status>Accepted</Status></Acknowledgement>").utf8)
        switch scheduler.below(4) {
        case 0:
            let forged = try? SignedMessage.signed(messageId: "FORGED-" + String(scheduler.random.next(), radix: 16),
                                                   correlationId: manifestId, sender: peer, receiver: submission.submitter,
                                                   createdAt: victimNow, payload: payload, key: key)
            log.note(now, "forge", [("kind", .text("forged-signature")), ("to", .text(submission.submitter))],
                     "attacker sends \(submission.submitter) an acknowledgement forged in \(peer)'s name")
            if let forged { scheduler.schedule(.arrival(at: victim, WireFrame.encode(forged)), at: now) }
        case 1:
            let forged = try? SignedMessage.signed(messageId: "ROGUE-" + String(scheduler.random.next(), radix: 16),
                                                   correlationId: manifestId, sender: "XX-ROGUE", receiver: submission.submitter,
                                                   createdAt: victimNow, payload: payload, key: key)
            log.note(now, "forge", [("kind", .text("unknown-sender")), ("to", .text(submission.submitter))],
                     "attacker sends \(submission.submitter) a message from an unknown agency")
            if let forged { scheduler.schedule(.arrival(at: victim, WireFrame.encode(forged)), at: now) }
        case 2:
            guard let recorded else { return }
            let later = timing.replayWindow + 2 * timing.skewTolerance + 60_000
            log.note(now, "forge", [("kind", .text("replay")), ("bytes", .int(Int64(recorded.frame.count)))],
                     "attacker records a frame to replay after the replay window")
            scheduler.schedule(.arrival(at: recorded.target, recorded.frame), at: now + later)
        default:
            guard let recorded else { return }
            log.note(now, "forge", [("kind", .text("misdirected")), ("bytes", .int(Int64(recorded.frame.count)))],
                     "attacker delivers a frame to the agency that sent it")
            scheduler.schedule(.arrival(at: 1 - recorded.target, recorded.frame), at: now)
        }
    }

    /// The byzantine peer's attack around `submission`: its frames go straight to their
    /// targets (it has its own link), each recorded by the observer as a legitimate agency's
    /// bytes.
    mutating func attack(around submission: Traffic.Submission, traffic: Traffic, agencies: SimulatedAgencies,
                         scheduler: inout Scheduler, log: inout RunLog, observer: inout Observer) {
        guard var peer = byzantine else { return }
        let now = scheduler.now
        let receiver = agencies[1 - agencies.index(of: submission.submitter)].id
        let kind = ByzantinePeer.Attack(rawValue: peer.random.below(ByzantinePeer.Attack.allCases.count)) ?? .shadowManifest
        let sends = peer.attack(kind, around: submission, receiver: receiver, traffic: traffic, now: now)
        byzantine = peer
        log.summary.byzantineAttacks += 1
        log.note(now, "byzantine", [("kind", .text(kind.name)), ("around", .text(submission.manifest.header.messageId)),
                                    ("frames", .int(Int64(sends.count)))],
                 "\(ByzantinePeer.id) attacks (\(kind.name)) around \(submission.manifest.header.messageId): \(sends.count) frames")
        for send in sends {
            observer.sent(by: ByzantinePeer.id, to: send.to, messageId: send.messageId, frame: send.frame, kind: .request(attempt: 1))
            log.note(now, "send", [("from", .text(ByzantinePeer.id)), ("to", .text(send.to)), ("id", .text(send.messageId)),
                                   ("kind", .text("byzantine")), ("bytes", .int(Int64(send.frame.count)))],
                     "\(ByzantinePeer.id) → \(send.to) \(send.messageId) (\(send.frame.count) bytes)")
            scheduler.schedule(.arrival(at: agencies.index(of: send.to), send.frame), at: now + send.delay)
        }
    }
}
