import PaxExchange
import PaxMessages
import PaxRisk

/// Watches a run from outside the agencies: every frame a legitimate agency sent, every
/// reply, every committed transaction and the bytes that caused it. The invariants are
/// decided from these records at the end, never from the agencies' own counters.
struct Observer {
    static let names = [
        "manifest-terminal-exactly-once", "effect-once", "duplicate-replies-identical",
        "no-forged-or-corrupted-accepted", "authorised-data-only", "planted-subjects-flagged",
        "no-record-changed-by-another-sender", "agency-never-crashes-on-input",
        "no-message-processed-twice", "lease-held-by-one-instance",
    ]

    /// Frames each legitimate agency sent, by message id (distinct byte strings).
    private var legitimate: [String: [[UInt8]]] = [:]
    /// First reply per (agency, requester, request id), and mismatches seen.
    private var firstReply: [String: [UInt8]] = [:]
    private var replyMismatch: String?
    /// Inbox inserts per (agency, sender, message id).
    private var inboxInserts: [String: Int] = [:]
    private var repeatedEffect: String?
    private var forgedAccepted: String?
    private var unauthorised: String?
    private var authorisedChecked = 0
    /// Committed manifest states at their submitter: last state and terminal entries.
    private var lastState: [String: ManifestState] = [:]
    private var terminalEntries: [String: Int] = [:]
    private var leftTerminal: String?
    /// Manifest records as first committed, per (holding agency, submitter, id): their
    /// content must never change, and only the submitter or the counterpart of an own
    /// manifest may change their state.
    private var firstContent: [String: (flight: FlightSummary, travelers: [Traveler])] = [:]
    private var changedByOther: String?
    private var recordsWatched = 0
    /// Inputs delivered to an agency and inputs whose handling ran to its end; commits refused.
    private var inputsDelivered = 0
    private var inputsHandled = 0
    private var refusedCommit: String?
    /// The instances that screened each received manifest, per (agency, submitter, id).
    private var screenedBy: [String: [String]] = [:]
    private var screenedTwice: String?
    /// Requests an instance of a shared store put on the link, and the first one it sent
    /// without holding the message's lease.
    private var leaseChecks = 0
    private var unleasedSend: String?

    mutating func inputDelivered() { inputsDelivered += 1 }
    mutating func inputHandled() { inputsHandled += 1 }
    /// The run did not settle and was stopped (counted under `agency-never-crashes-on-input`).
    mutating func unsettled(_ why: String) {
        if refusedCommit == nil { refusedCommit = why }
    }

    mutating func commitRefused(by agency: String, _ error: StoreError) {
        if refusedCommit == nil { refusedCommit = "\(agency) could not commit: \(error.description)" }
    }

    mutating func sent(by agency: String, to peer: String, messageId: String, frame: [UInt8], kind: SendKind) {
        // A reply's effect names the request it answers; the reply's own id is in its frame.
        var ownId = messageId
        if case .request = kind {} else if let reply = try? WireFrame.decode(frame) { ownId = reply.messageId }
        var frames = legitimate[ownId, default: []]
        if !frames.contains(where: { $0 == frame }) {
            frames.append(frame)
            legitimate[ownId] = frames
        }
        switch kind {
        case .reply(let request), .repeatedReply(let request):
            let key = agency + "|" + peer + "|" + request
            if let first = firstReply[key] {
                if first != frame && replyMismatch == nil {
                    replyMismatch = "\(agency) answered \(request) with different bytes (\(first.count) then \(frame.count))"
                }
            } else {
                firstReply[key] = frame
            }
        case .request: break
        }
    }

    /// Instance `instance` (its log name) puts request `messageId` on the link at `now` (its
    /// agency's clock): it must hold the message's lease in the shared store, unexpired.
    mutating func requestSent(by instance: String, instance k: Int, messageId: String, lease: SimulatedStore.Lease?, now: Int64) {
        leaseChecks += 1
        guard unleasedSend == nil else { return }
        if let lease, lease.owner == k, lease.until > now { return }
        let holder = lease.map { "instance \($0.owner + 1) holds it until \($0.until)" } ?? "nobody holds it"
        unleasedSend = "\(instance) sent \(messageId) at \(now) without its lease (\(holder))"
    }

    /// A transaction `agency` committed (by its instance named `instance`) while handling
    /// `cause` (bytes delivered to it), if any.
    mutating func committed(by agency: String, instance: String, _ transaction: StoreTransaction, cause: [UInt8]?,
                            traffic: Traffic) {
        // The agency commits for a frame only after its signature verified: its sender is
        // the authenticated one (`no-forged-or-corrupted-accepted` checks the bytes).
        let causeSender = cause.flatMap { try? WireFrame.decode($0) }?.sender
        for operation in transaction.operations {
            switch operation {
            case .insertInbox(let record), .replaceInbox(let record):
                if let causeSender, record.sender != causeSender, changedByOther == nil {
                    changedByOther = "\(agency) recorded \(record.messageId) as sent by \(record.sender) while handling a frame from \(causeSender)"
                }
                let key = agency + "|" + record.sender + "|" + record.messageId
                inboxInserts[key, default: 0] += 1
                if inboxInserts[key, default: 0] > 1 && repeatedEffect == nil {
                    repeatedEffect = "\(agency) processed \(record.messageId) \(inboxInserts[key, default: 0]) times"
                }
                if let cause {
                    let known = legitimate[record.messageId]?.contains(where: { $0 == cause }) ?? false
                    if !known && forgedAccepted == nil {
                        forgedAccepted = "\(agency) accepted \(cause.count) bytes as \(record.messageId) that no agency sent"
                    }
                    checkAssistance(cause, requester: agency, territory: agency == traffic.agencyA ? traffic.territoryA : traffic.territoryB,
                                    traffic: traffic)
                }
            case .putManifest(let record):
                watch(record, at: agency, causeSender: causeSender)
                if record.state == .received {
                    // Accepted and screened: once per (sender, id) across the agency's instances.
                    let key = agency + "|" + record.submitter + "|" + record.messageId
                    screenedBy[key, default: []].append(instance)
                    if let by = screenedBy[key], by.count > 1, screenedTwice == nil {
                        screenedTwice = "\(record.messageId) from \(record.submitter) was screened \(by.count) times (by \(by.joined(separator: ", ")))"
                    }
                }
                guard record.submitter == agency, record.state != .local, record.state != .received else { continue }
                let previous = lastState[record.messageId]
                if let previous, previous.isTerminal, previous != record.state, leftTerminal == nil {
                    leftTerminal = "\(record.messageId) left terminal state \(previous.rawValue) for \(record.state.rawValue)"
                }
                if record.state.isTerminal && previous != record.state {
                    terminalEntries[record.messageId, default: 0] += 1
                }
                lastState[record.messageId] = record.state
            case .putOutbox, .pruneInbox: break
            }
        }
    }

    /// A manifest record committed by `agency`: who may change it, and its content never.
    private mutating func watch(_ record: ManifestRecord, at agency: String, causeSender: String?) {
        let key = agency + "|" + record.submitter + "|" + record.messageId
        guard changedByOther == nil else { return }
        if let causeSender {
            let allowed = record.submitter == causeSender || (record.submitter == agency && record.receiver == causeSender)
            if !allowed {
                changedByOther = "\(agency)'s record of \(record.messageId) (submitted by \(record.submitter)) changed by a message from \(causeSender)"
                return
            }
        }
        if let first = firstContent[key] {
            if first.flight != record.flight || first.travelers != record.travelers {
                changedByOther = "\(agency)'s record of \(record.messageId) from \(record.submitter) was stored again with other travellers"
            }
        } else {
            firstContent[key] = (record.flight, record.travelers)
            recordsWatched += 1
        }
    }

    /// Every record of an assistance response must be visible to its requester (an agency
    /// that accepted the response, or the byzantine peer it was sent to).
    mutating func checkAssistance(_ frame: [UInt8], requester: String, territory: Set<String>, traffic: Traffic) {
        guard let message = try? WireFrame.decode(frame), Self.contains(message.payload, "<AssistanceResponse"),
              case .assistanceResponse(let response)? = try? PaxMessage.decode(bytes: message.payload) else { return }
        for record in response.records {
            authorisedChecked += 1
            let holding = traffic.holdings[Traffic.key(record.flight, record.traveler.reference)]
            let visible = holding.map { $0.submitter == requester || territory.contains($0.arrivalAirport) } ?? false
            if !visible && unauthorised == nil {
                unauthorised = "\(requester) received traveller \(record.traveler.reference) of \(record.flight.carrier)\(record.flight.flightNumber) to \(record.flight.arrivalAirport), submitted by \(holding?.submitter ?? "?")"
            }
        }
    }

    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        let limit = min(bytes.count, 512)
        guard limit >= pattern.count else { return false }
        for start in 0...(limit - pattern.count) where bytes[start] == pattern[0] {
            if Array(bytes[start..<(start + pattern.count)]) == pattern { return true }
        }
        return false
    }

    /// The verdicts, given the final committed stores.
    /// `instances` is the most instances one agency ran.
    func verdicts(traffic: Traffic, finalStates: [String: StoreSnapshot], screening: RiskEngine, instances: Int) -> [InvariantResult] {
        var results: [InvariantResult] = []
        // 1. Every submitted manifest: exactly one terminal state, still held at the end.
        var lost: String? = leftTerminal
        var terminalCount = 0
        for submission in traffic.submissions where lost == nil {
            let id = submission.manifest.header.messageId
            let entries = terminalEntries[id, default: 0]
            let final = finalStates[submission.submitter]?.manifests[MessageKey(sender: submission.submitter, messageId: id)]?.state
            if entries != 1 {
                lost = "\(id) entered a terminal state \(entries) times (final: \(final?.rawValue ?? "missing"))"
            } else if final?.isTerminal != true {
                lost = "\(id) ended in \(final?.rawValue ?? "no record") at \(submission.submitter)"
            } else {
                terminalCount += 1
            }
        }
        results.append(InvariantResult(name: Self.names[0], holds: lost == nil,
                                       detail: lost ?? "\(terminalCount) manifests, one terminal state each"))
        results.append(InvariantResult(name: Self.names[1], holds: repeatedEffect == nil,
                                       detail: repeatedEffect ?? "\(inboxInserts.count) messages, each processed once"))
        results.append(InvariantResult(name: Self.names[2], holds: replyMismatch == nil,
                                       detail: replyMismatch ?? "\(firstReply.count) requests answered, repeats byte-identical"))
        results.append(InvariantResult(name: Self.names[3], holds: forgedAccepted == nil,
                                       detail: forgedAccepted ?? "every accepted message is a legitimate agency's exact bytes"))
        results.append(InvariantResult(name: Self.names[4], holds: unauthorised == nil,
                                       detail: unauthorised ?? "\(authorisedChecked) assistance records, all visible to their requester"))
        // Planted subjects come back inspect or no-board. The observer screens each subject
        // itself: one its own screening also clears is a screening miss (the matcher's recall,
        // measured by `paxsim evaluate`), reported but not an exchange failure; any other
        // difference between what screening says and what came back is.
        var missed: String? = nil
        var checked = 0, screeningMisses = 0
        for plant in traffic.plants where missed == nil {
            guard let submitter = traffic.submissions.first(where: { $0.manifest.header.messageId == plant.manifestId })?.submitter,
                  let record = finalStates[submitter]?.manifests[MessageKey(sender: submitter, messageId: plant.manifestId)],
                  record.state == .assessed else { continue }
            checked += 1
            let outcome = record.outcomes[plant.travelerReference]
            let expected = screening.assess(plant.traveler, flight: plant.flight).outcome
            if expected == .cleared {
                screeningMisses += 1
                if outcome != .cleared { missed = "planted \(plant.travelerReference) came back \(outcome?.rawValue ?? "without an outcome") though screening clears it" }
            } else if outcome != expected {
                missed = "planted \(plant.travelerReference) in \(plant.manifestId) came back \(outcome?.rawValue ?? "without an outcome"), screening says \(expected.rawValue)"
            }
        }
        results.append(InvariantResult(name: Self.names[5], holds: missed == nil,
                                       detail: missed ?? "\(checked - screeningMisses) of \(traffic.plants.count) planted subjects came back inspect or no-board; \(screeningMisses) missed by screening itself, \(traffic.plants.count - checked) not assessed"))
        // Own records intact: every genuine manifest is held by its submitter, and by its
        // receiver if at all, under (submitter, id) with the submitted travellers.
        var changed = changedByOther
        for submission in traffic.submissions where changed == nil {
            let key = MessageKey(sender: submission.submitter, messageId: submission.manifest.header.messageId)
            let receiver = submission.submitter == traffic.agencyA ? traffic.agencyB : traffic.agencyA
            for holder in [submission.submitter, receiver] {
                guard let record = finalStates[holder]?.manifests[key] else {
                    if holder == submission.submitter { changed = "\(holder) no longer holds its own manifest \(key.messageId)" }
                    continue
                }
                if record.travelers.map(\.reference) != submission.manifest.travelers.map(\.reference)
                    || record.travelers.map(\.surname) != submission.manifest.travelers.map(\.surname) {
                    changed = "\(holder) holds \(key.messageId) of \(key.sender) with travellers other than the ones submitted"
                }
            }
        }
        results.append(InvariantResult(name: Self.names[6], holds: changed == nil,
                                       detail: changed ?? "\(recordsWatched) manifest records, each changed only by its submitter or counterpart; every submitted manifest intact"))
        var crashed = refusedCommit
        if crashed == nil && inputsHandled != inputsDelivered {
            crashed = "\(inputsDelivered - inputsHandled) of \(inputsDelivered) inputs were not handled to the end"
        }
        results.append(InvariantResult(name: Self.names[7], holds: crashed == nil,
                                       detail: crashed ?? "\(inputsHandled) inputs handled, none refused a commit or stopped an agency"))
        let across = instances > 1 ? " across the receiver's instances" : ""
        results.append(InvariantResult(name: Self.names[8], holds: screenedTwice == nil,
                                       detail: screenedTwice ?? "\(screenedBy.count) received manifests, each screened once\(across)"))
        let leaseDetail = instances > 1 ? "\(leaseChecks) requests sent, each under its instance's unexpired lease"
            : "one instance per agency: no leases"
        results.append(InvariantResult(name: Self.names[9], holds: unleasedSend == nil, detail: unleasedSend ?? leaseDetail))
        return results
    }
}
