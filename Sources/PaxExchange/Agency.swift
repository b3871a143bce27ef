public import PaxMessages
import PaxRisk

/// A border agency as an I/O-free state machine: events in, effects out.
///
/// Its state is exactly its store's committed contents (`StoreSnapshot`) plus indexes derived
/// from them; every change is made by one `StoreTransaction` that the agency applies to its
/// own copy and hands to the driver to commit. A crash discards the copy; `init(configuration:
/// snapshot:)` rebuilds it from the store and `.restarted` re-arms the timers.
///
/// Peers are trusted to be who they are, not to behave: a message's identity is (sender, id),
/// ids must lie in their sender's namespace, a sender's id reused for other bytes is refused
/// (`id-reused`), and nothing a peer sends or the store holds is used to subscript, force
/// unwrap or overflow without a check.
public struct Agency: Sendable {
    public let configuration: AgencyConfiguration
    public private(set) var state: StoreSnapshot
    var index = TravelerIndex()
    private var lastPrune: ExchangeTime?
    /// This agency's audit-log head, set by a driver that keeps an audit log before each
    /// event: every acknowledgement the agency signs carries it, so each peer holds signed
    /// evidence of how far the log reached (nil: acknowledgements carry none).
    public var auditHead: Acknowledgement.AuditHead?

    public init(configuration: AgencyConfiguration, snapshot: StoreSnapshot = StoreSnapshot()) {
        self.configuration = configuration
        state = snapshot
        for key in snapshot.manifests.keys.sorted() {
            if let record = snapshot.manifests[key] { index.add(record) }
        }
    }

    public var id: String { configuration.id }

    /// Status of the message `messageId` sent by `sender`: this agency's own (outgoing) or a
    /// peer's (incoming, by (sender, id)).
    public func status(of messageId: String, sender: String) -> MessageStatus? {
        if sender == id {
            return state.outbox[messageId].map { .outgoing($0.state, attempts: $0.attempts) }
        }
        return state.inbox[MessageKey(sender: sender, messageId: messageId)].map {
            .incoming(outcome: $0.outcome, receivedAt: $0.receivedAt)
        }
    }

    /// This agency's own manifest `messageId`, if it holds one.
    public func ownManifest(_ messageId: String) -> ManifestRecord? {
        state.manifests[MessageKey(sender: id, messageId: messageId)]
    }

    /// Handles one event at `now` (this agency's clock); `random` supplies message ids and
    /// retry jitter (the simulator's seeded generator, or the system's in the live driver).
    public mutating func handle<R: RandomNumberGenerator>(_ event: AgencyEvent, now: ExchangeTime,
                                                          random: inout R) -> [AgencyEffect] {
        var step = Step()
        switch event {
        case .submit(let manifest): submit(manifest, now: now, step: &step)
        case .recordLocal(let manifest): recordLocal(manifest, step: &step)
        case .ask(let query, let peer, let requestId): ask(query, peer: peer, requestId: requestId, now: now, random: &random, step: &step)
        case .received(let bytes, let precheck): receive(.frame(bytes), precheck: precheck, now: now, random: &random, step: &step)
        case .authenticated(let message, let precheck):
            receive(.authenticated(message), precheck: precheck, now: now, random: &random, step: &step)
        case .timerFired(let timer): fire(timer, now: now, random: &random, step: &step)
        case .restarted: rearm(now: now, step: &step)
        }
        return step.effects()
    }

    /// Merges records another instance of this agency committed to a store they share (an
    /// instance's memory holds only what it processed itself). With `replacing`, a record
    /// replaces the one held under the same key (it was read after this instance's own writes
    /// of it, e.g. an outgoing message claimed from the store); otherwise only absent records
    /// are added. Produces no effects: the records are already stored.
    public mutating func adopt(_ records: StoreSnapshot, replacing: Bool) {
        for (key, record) in records.manifests where record.key == key {
            if let old = state.manifests[key] {
                guard replacing else { continue }
                state.manifests[key] = record
                if old.travelers != record.travelers { index.replace(old, with: record) }
            } else {
                state.manifests[key] = record
                index.add(record)
            }
        }
        for (id, record) in records.outbox where record.messageId == id && (replacing || state.outbox[id] == nil) {
            state.outbox[id] = record
        }
        for (key, record) in records.inbox where record.key == key && (replacing || state.inbox[key] == nil) {
            state.inbox[key] = record
        }
    }

    /// Merges records another instance of this agency committed to a store they share, taking
    /// a stored record the instance already holds only when it is further along than the copy
    /// in memory (another instance moved it on), never an older one (the instance's own change
    /// may be newer than the store while its write is still committing). Own manifests move
    /// `submitted` → `delivered` → terminal; an outgoing message leaves `pending` once and its
    /// attempts only grow. Absent records are added as they are.
    public mutating func adoptProgress(_ stored: StoreSnapshot) {
        adopt(stored, replacing: false)
        var newer = StoreSnapshot()
        for (key, record) in stored.manifests {
            guard let held = state.manifests[key], Self.progressRank(record.state) > Self.progressRank(held.state) else { continue }
            newer.manifests[key] = record
        }
        for (messageId, record) in stored.outbox {
            guard let held = state.outbox[messageId], held.state == .pending,
                  record.state != .pending || record.attempts > held.attempts else { continue }
            newer.outbox[messageId] = record
        }
        if !newer.manifests.isEmpty || !newer.outbox.isEmpty { adopt(newer, replacing: true) }
    }

    /// How far an own manifest has got: submitted 0, delivered 1, terminal 2 (a peer's or a
    /// local manifest: 0, it does not move).
    static func progressRank(_ state: ManifestState) -> Int {
        switch state {
        case .submitted, .received, .local: 0
        case .delivered: 1
        case .assessed, .rejected, .undeliverable, .unassessed: 2
        }
    }

    /// Takes the outgoing messages an instance claimed from a shared store to retry them (and
    /// the manifests they carry, where absent), keeping a held copy that is newer than the
    /// store's (its own writes may still be committing: a settled message never becomes
    /// pending again, attempts only grow). Returns the ids taken, sorted.
    public mutating func adoptClaimed(_ claimed: StoreSnapshot) -> [String] {
        var fresher = StoreSnapshot()
        for (messageId, record) in claimed.outbox {
            if let held = state.outbox[messageId], held.state != .pending || held.attempts > record.attempts { continue }
            fresher.outbox[messageId] = record
        }
        adopt(fresher, replacing: true)
        adopt(StoreSnapshot(manifests: claimed.manifests), replacing: false)
        return fresher.outbox.keys.sorted()
    }

    // MARK: Steps

    /// Effects of one event being built: the transaction first, then the rest.
    struct Step {
        var operations: [StoreOperation] = []
        var after: [AgencyEffect] = []

        func effects() -> [AgencyEffect] {
            operations.isEmpty ? after : [.commit(StoreTransaction(operations))] + after
        }
    }

    private mutating func apply(_ operation: StoreOperation, _ step: inout Step) {
        step.operations.append(operation)
        switch operation {
        case .putManifest(let record):
            if let old = state.manifests.updateValue(record, forKey: record.key) {
                if old.travelers != record.travelers { index.replace(old, with: record) }
            } else {
                index.add(record)
            }
        case .putOutbox(let record): state.outbox[record.messageId] = record
        case .insertInbox(let record), .replaceInbox(let record): state.inbox[record.key] = record
        case .pruneInbox(let before): state.inbox = state.inbox.filter { $0.value.receivedAt >= before }
        }
    }

    // MARK: Sending

    private mutating func submit(_ manifest: TravelerManifest, now: ExchangeTime, step: inout Step) {
        let id = manifest.header.messageId
        guard MessageNamespace.contains(id, of: self.id), state.manifests[MessageKey(sender: self.id, messageId: id)] == nil,
              state.outbox[id] == nil, let flight = FlightSummary(manifest.flight) else { return }
        guard let payload = try? manifest.xml() else { return }
        let receiver = manifest.header.receiver
        apply(.putManifest(ManifestRecord(messageId: id, submitter: self.id, receiver: receiver, state: .submitted,
                                          flight: flight, travelers: manifest.travelers)), &step)
        send(payload, id: id, correlation: manifest.header.correlationId ?? "", to: receiver, purpose: .manifest,
             now: now, step: &step)
    }

    private mutating func recordLocal(_ manifest: TravelerManifest, step: inout Step) {
        let id = manifest.header.messageId
        guard state.manifests[MessageKey(sender: self.id, messageId: id)] == nil,
              let flight = FlightSummary(manifest.flight) else { return }
        apply(.putManifest(ManifestRecord(messageId: id, submitter: self.id, receiver: manifest.header.receiver,
                                          state: .local, flight: flight, travelers: manifest.travelers)), &step)
    }

    private mutating func ask<R: RandomNumberGenerator>(_ query: AssistanceQuery, peer: String, requestId: String?,
                                                        now: ExchangeTime, random: inout R, step: inout Step) {
        guard configuration.peers[peer] != nil else { return }
        let id: String
        if let requestId {
            // Only a fresh id of this agency's own: an id in use is never sent again.
            guard MessageNamespace.contains(requestId, of: self.id), state.outbox[requestId] == nil,
                  state.manifests[MessageKey(sender: self.id, messageId: requestId)] == nil else { return }
            id = requestId
        } else {
            id = newMessageId("AST", &random)
        }
        let request = AssistanceRequest(header: header(id, correlation: nil, to: peer, now: now),
                                        legalBasis: configuration.legalBasis,
                                        purpose: "Verification of a traveller for border control", query: query)
        guard let payload = try? request.xml() else { return }
        send(payload, id: id, correlation: "", to: peer, purpose: .assistanceRequest, now: now, step: &step)
    }

    /// Signs, records in the outbox (in this step's transaction), sends after the commit and
    /// arms the retry timer.
    private mutating func send(_ payload: [UInt8], id: String, correlation: String, to peer: String,
                               purpose: OutboxPurpose, now: ExchangeTime, step: inout Step) {
        guard let frame = frame(payload, id: id, correlation: correlation, to: peer, now: now) else { return }
        let next = now + configuration.timing.maximumWait(after: 1)
        apply(.putOutbox(OutboxRecord(messageId: id, receiver: peer, purpose: purpose, frame: frame, createdAt: now,
                                      attempts: 1, nextAttemptAt: next, state: .pending)), &step)
        step.after.append(.send(peer: peer, messageId: id, frame: frame, kind: .request(attempt: 1)))
        step.after.append(.setTimer(.retry(messageId: id), at: next))
    }

    private func frame(_ payload: [UInt8], id: String, correlation: String, to peer: String, now: ExchangeTime) -> [UInt8]? {
        guard let message = try? SignedMessage.signed(messageId: id, correlationId: correlation, sender: self.id, receiver: peer,
                                                      createdAt: now, payload: payload, key: configuration.signingKey) else {
            return nil
        }
        return WireFrame.encode(message)
    }

    private func header(_ id: String, correlation: String?, to peer: String, now: ExchangeTime) -> MessageHeader {
        MessageHeader(messageId: id, correlationId: correlation, sender: self.id, receiver: peer,
                      createdAt: ExchangeTimeText.timestamp(now))
    }

    private func newMessageId<R: RandomNumberGenerator>(_ kind: String, _ random: inout R) -> String {
        let value = random.next()
        var digits = String(value, radix: 16)
        digits = String(repeating: "0", count: 16 - digits.count) + digits
        return id + ":" + kind + ":" + digits
    }

    // MARK: Timers

    private mutating func fire<R: RandomNumberGenerator>(_ timer: AgencyTimer, now: ExchangeTime, random: inout R,
                                                         step: inout Step) {
        switch timer {
        case .retry(let id):
            guard var entry = state.outbox[id], entry.state == .pending else { return }
            guard now >= entry.nextAttemptAt else {
                step.after.append(.setTimer(timer, at: entry.nextAttemptAt))
                return
            }
            let timing = configuration.timing
            // Store-derived values: saturating arithmetic, so a damaged record cannot trap.
            let horizon = ExchangeTimeArithmetic.sum(entry.createdAt, timing.retryHorizon)
            if entry.attempts >= 0 && entry.attempts < timing.maxAttempts && now < horizon {
                entry.attempts += 1
                let wait = timing.wait(after: entry.attempts, draw: random.next())
                entry.nextAttemptAt = min(ExchangeTimeArithmetic.sum(now, wait), horizon)
                apply(.putOutbox(entry), &step)
                step.after.append(.send(peer: entry.receiver, messageId: id, frame: entry.frame,
                                        kind: .request(attempt: entry.attempts)))
                step.after.append(.setTimer(timer, at: entry.nextAttemptAt))
            } else {
                entry = entry.settled(.expired)
                apply(.putOutbox(entry), &step)
                if entry.purpose == .manifest, var record = ownManifest(id), record.state == .submitted {
                    record.state = .undeliverable
                    apply(.putManifest(record), &step)
                }
                step.after.append(.alert(AgencyAlert(kind: .retriesExhausted, messageId: id,
                                                     detail: "no answer from \(entry.receiver) after \(entry.attempts) attempts")))
            }
        case .assessmentDeadline(let id):
            guard var record = ownManifest(id), record.state == .delivered, let deadline = record.assessmentDeadline else { return }
            guard now >= deadline else {
                step.after.append(.setTimer(timer, at: deadline))
                return
            }
            record.state = .unassessed
            apply(.putManifest(record), &step)
            step.after.append(.alert(AgencyAlert(kind: .assessmentMissing, messageId: id,
                                                 detail: "no risk assessment from \(record.receiver) by the deadline")))
        }
    }

    private func rearm(now: ExchangeTime, step: inout Step) {
        for id in state.outbox.keys.sorted() {
            guard let entry = state.outbox[id], entry.state == .pending else { continue }
            step.after.append(.setTimer(.retry(messageId: id), at: max(now, entry.nextAttemptAt)))
        }
        for key in state.manifests.keys.sorted() where key.sender == id {
            guard let record = state.manifests[key], record.state == .delivered, let deadline = record.assessmentDeadline else { continue }
            step.after.append(.setTimer(.assessmentDeadline(manifestId: key.messageId), at: max(now, deadline)))
        }
    }

    // MARK: Receiving

    /// What arrived: raw bytes, or a message the driver authenticated.
    private enum Arrival {
        case frame([UInt8])
        case authenticated(AuthenticatedMessage)
    }

    private mutating func receive<R: RandomNumberGenerator>(_ arrival: Arrival, precheck: PayloadPrecheck?, now: ExchangeTime,
                                                            random: inout R, step: inout Step) {
        let check = EnvelopeCheck(me: id, peers: configuration.peers, timing: configuration.timing)
        let checked = switch arrival {
        case .frame(let bytes): check.check(bytes, now: now)
        case .authenticated(let message): check.check(message, now: now)
        }
        let message: SignedMessage
        switch checked {
        case .failure(let rejection):
            step.after.append(.refused(rejection))
            return
        case .success(let authenticated):
            message = authenticated
        }
        let key = MessageKey(sender: message.sender, messageId: message.messageId)
        if !configuration.behaviour.disableDedup, let seen = state.inbox[key] {
            // Same sender, same id: the same bytes are a duplicate (answered with the first
            // answer); other bytes are a reused id, refused and never applied.
            guard seen.payloadDigest == nil || seen.payloadDigest == message.payloadDigest else {
                step.after.append(.refused(idReused(message, "it was first used for a payload with another SHA-256")))
                return
            }
            if let reply = seen.reply {
                step.after.append(.send(peer: message.sender, messageId: message.messageId, frame: reply,
                                        kind: .repeatedReply(to: message.messageId)))
            }
            step.after.append(.duplicateSuppressed(messageId: message.messageId))
            return
        }
        pruneIfDue(now: now, step: &step)
        guard MessageNamespace.contains(message.messageId, of: message.sender) else {
            reject(message, .foreignId, path: "/",
                   text: "message id '\(message.messageId.prefix(64))' is not in \(message.sender)'s namespace (\(message.sender):...)",
                   outcome: .rejectedForeignId, now: now, random: &random, step: &step)
            return
        }
        // The envelope check verified that the digest is the payload's own SHA-256: a
        // precheck computed from bytes with that digest is this payload's; otherwise check here.
        let precheck = precheck?.matching(message.payloadDigest)
        let (root, result) = precheck.map { ($0.root, $0.result) } ?? PayloadCheck.check(message.payload)
        switch result {
        case .failure(let found):
            let errors = found.errors
            let answerable = root.map { [TravelerManifest.rootElementName, RiskAssessment.rootElementName,
                                         AssistanceRequest.rootElementName].contains($0) } ?? true
            step.after.append(.refused(Rejection(.schemaInvalid, errors.first?.text ?? "invalid payload",
                                                 claimedMessageId: message.messageId, authenticatedSender: message.sender)))
            record(message, now: now, reply: answerable ? acknowledgement(message, errors: errors, now: now, random: &random) : nil,
                   outcome: .rejectedInvalid, step: &step)
        case .success(let payload):
            let header = payload.header
            guard header.messageId == message.messageId, header.sender == message.sender,
                  header.receiver == message.receiver else {
                reject(message, .envelopeMismatch, path: "/" + payload.rootElementName + "/Header",
                       text: "payload header (id, sender, receiver) differs from the envelope",
                       outcome: .rejectedMismatch, now: now, random: &random, step: &step)
                return
            }
            switch payload {
            case .manifest(let manifest): accept(manifest, message, risks: precheck?.risks, now: now, random: &random, step: &step)
            case .riskAssessment(let assessment): accept(assessment, message, now: now, random: &random, step: &step)
            case .acknowledgement(let ack): accept(ack, message, now: now, step: &step)
            case .assistanceRequest(let request): answer(request, message, now: now, random: &random, step: &step)
            case .assistanceResponse(let response): accept(response, message, now: now, step: &step)
            case .envelope:
                reject(message, .unexpectedMessage, path: "/Envelope",
                       text: "an Envelope document is not exchanged inside a signed message",
                       outcome: .rejectedUnexpected, now: now, random: &random, step: &step)
            }
        }
    }

    /// Refuses an authenticated message for one reason: reported, and recorded with a signed
    /// rejecting acknowledgement carrying that one error.
    private mutating func reject<R: RandomNumberGenerator>(_ message: SignedMessage, _ reason: RejectionReason, path: String, text: String,
                                 outcome: InboxOutcome, now: ExchangeTime, random: inout R,
                                 step: inout Step) {
        let error = ProcessingError(code: reason.rawValue, path: path, text: text)
        step.after.append(.refused(Rejection(reason, text, claimedMessageId: message.messageId,
                                             authenticatedSender: message.sender)))
        record(message, now: now, reply: acknowledgement(message, errors: [error], now: now, random: &random),
               outcome: outcome, step: &step)
    }

    /// The inbox record of a processed message, with the reply sent once committed.
    private mutating func record(_ message: SignedMessage, now: ExchangeTime, reply: [UInt8]?, outcome: InboxOutcome,
                                 step: inout Step) {
        let entry = InboxRecord(messageId: message.messageId, sender: message.sender, receivedAt: now,
                                payloadDigest: message.payloadDigest, reply: reply, outcome: outcome)
        apply(configuration.behaviour.disableDedup ? .replaceInbox(entry) : .insertInbox(entry), &step)
        if let reply {
            step.after.append(.send(peer: message.sender, messageId: message.messageId, frame: reply,
                                    kind: .reply(to: message.messageId)))
        }
    }

    private func idReused(_ message: SignedMessage, _ why: String) -> Rejection {
        Rejection(.idReused, "\(message.sender) already used message id '\(message.messageId)': \(why)",
                  claimedMessageId: message.messageId, authenticatedSender: message.sender)
    }

    private mutating func pruneIfDue(now: ExchangeTime, step: inout Step) {
        let window = configuration.timing.dedupWindow
        if let lastPrune, ExchangeTimeArithmetic.difference(now, lastPrune) < window / 4 { return }
        lastPrune = now
        let cutoff = ExchangeTimeArithmetic.difference(now, window)
        if state.inbox.values.contains(where: { $0.receivedAt < cutoff }) {
            apply(.pruneInbox(receivedBefore: cutoff), &step)
        }
    }

    private func acknowledgement<R: RandomNumberGenerator>(_ message: SignedMessage, errors: [ProcessingError],
                                                           now: ExchangeTime, random: inout R) -> [UInt8]? {
        let ackId = newMessageId("ACK", &random)
        let ack = Acknowledgement(header: header(ackId, correlation: message.messageId, to: message.sender, now: now),
                                  referencedMessageId: message.messageId, status: errors.isEmpty ? .accepted : .rejected,
                                  receivedDigest: message.payloadDigest, errors: errors, auditHead: auditHead)
        guard let payload = try? ack.xml() else { return nil }
        return frame(payload, id: ackId, correlation: message.messageId, to: message.sender, now: now)
    }

    /// Accepts a manifest and screens it; `screened` holds its travellers' risks when the
    /// driver screened it ahead (used only if there is one per traveller).
    private mutating func accept<R: RandomNumberGenerator>(_ manifest: TravelerManifest, _ message: SignedMessage,
                                                           risks screened: [TravelerRisk]?, now: ExchangeTime,
                                                           random: inout R, step: inout Step) {
        let id = manifest.header.messageId
        // The inbox entry of an earlier manifest under this (sender, id) was pruned, but its
        // record stands: the sender signed new bytes under an old id (a genuine retry would
        // be outside the replay window by now). Never replace the record.
        guard configuration.behaviour.disableDedup || state.manifests[MessageKey(sender: message.sender, messageId: id)] == nil else {
            step.after.append(.refused(idReused(message, "a manifest with this id from this sender is already held")))
            return
        }
        guard let flight = FlightSummary(manifest.flight) else { return }
        apply(.putManifest(ManifestRecord(messageId: id, submitter: message.sender, receiver: self.id, state: .received,
                                          flight: flight, travelers: manifest.travelers)), &step)
        record(message, now: now, reply: acknowledgement(message, errors: [], now: now, random: &random),
               outcome: .manifestAccepted, step: &step)
        let engine = configuration.screening
        let risks = screened.flatMap { $0.count == manifest.travelers.count ? $0 : nil }
            ?? manifest.travelers.map { engine.assess($0, flight: manifest.flight) }
        // The assessment's id is in this agency's namespace (not the manifest's sender's).
        let assessmentId = MessageNamespace.assessmentId(by: self.id, answering: id)
        var assessment = engine.riskAssessment(for: manifest, risks: risks, assessedAt: ExchangeTimeText.timestamp(now),
                                               messageId: assessmentId)
        assessment.header.createdAt = ExchangeTimeText.timestamp(now)
        // Assessment ids of two senders' manifests never collide: the kept prefix holds the
        // manifest's sender namespace (see `MessageNamespace.assessmentId`).
        guard configuration.behaviour.disableDedup || state.outbox[assessmentId] == nil,
              let payload = try? assessment.xml() else { return }
        send(payload, id: assessment.header.messageId, correlation: id, to: message.sender,
             purpose: .riskAssessment(manifestId: id), now: now, step: &step)
    }

    private mutating func accept<R: RandomNumberGenerator>(_ assessment: RiskAssessment, _ message: SignedMessage,
                                                           now: ExchangeTime, random: inout R, step: inout Step) {
        let manifestId = assessment.manifestMessageId
        var outcome = InboxOutcome.assessmentUnmatched
        if var record = ownManifest(manifestId), record.receiver == message.sender {
            outcome = .assessmentLate
            if record.state == .submitted || record.state == .delivered {
                record.state = .assessed
                record.assessmentDeadline = nil
                record.outcomes = Dictionary(assessment.assessments.map { ($0.travelerReference, $0.outcome) },
                                             uniquingKeysWith: { first, _ in first })
                apply(.putManifest(record), &step)
                outcome = .assessmentAccepted
            }
            // The assessment proves delivery: stop resending the manifest.
            if var entry = state.outbox[manifestId], entry.receiver == message.sender, entry.state == .pending {
                entry = entry.settled(.answered)
                apply(.putOutbox(entry), &step)
            }
        }
        record(message, now: now, reply: acknowledgement(message, errors: [], now: now, random: &random),
               outcome: outcome, step: &step)
    }

    private mutating func accept(_ ack: Acknowledgement, _ message: SignedMessage, now: ExchangeTime, step: inout Step) {
        let target = ack.referencedMessageId
        var outcome = InboxOutcome.ackUnmatched
        if var entry = state.outbox[target], entry.receiver == message.sender {
            outcome = .ackLate
            if entry.state == .pending {
                entry = entry.settled(.answered)
                apply(.putOutbox(entry), &step)
                outcome = ack.status == .accepted ? .ackAccepted : .ackRejected
            }
            if entry.purpose == .manifest, var record = ownManifest(target), record.state == .submitted {
                if ack.status == .accepted {
                    let deadline = ExchangeTimeArithmetic.sum(now, configuration.timing.assessmentDeadline)
                    record.state = .delivered
                    record.assessmentDeadline = deadline
                    step.after.append(.setTimer(.assessmentDeadline(manifestId: target), at: deadline))
                } else {
                    record.state = .rejected
                }
                apply(.putManifest(record), &step)
            }
        }
        record(message, now: now, reply: nil, outcome: outcome, step: &step)
    }

    private mutating func accept(_ response: AssistanceResponse, _ message: SignedMessage, now: ExchangeTime,
                                 step: inout Step) {
        var outcome = InboxOutcome.responseUnmatched
        if var entry = state.outbox[response.requestMessageId], entry.receiver == message.sender,
           entry.purpose == .assistanceRequest, entry.state == .pending {
            entry = entry.settled(.answered)
            apply(.putOutbox(entry), &step)
            switch response.result {
            case .found: outcome = .responseFound
            case .notFound: outcome = .responseNotFound
            case .denied: outcome = .responseDenied
            }
        }
        record(message, now: now, reply: nil, outcome: outcome, step: &step)
    }

    private mutating func answer<R: RandomNumberGenerator>(_ request: AssistanceRequest, _ message: SignedMessage,
                                                           now: ExchangeTime, random: inout R, step: inout Step) {
        let requester = message.sender
        let territory = configuration.peers[requester]?.territory ?? []
        var records: [AssistanceRecord] = []
        for location in index.matches(request.query) {
            // The index and the records can disagree only through a bug or a damaged store;
            // the position is checked against the record it points into, never trusted.
            guard let manifest = state.manifests[location.manifest],
                  manifest.travelers.indices.contains(location.travelerIndex) else { continue }
            let visible = AssistanceAuthorisation.maySee(requester: requester, territory: territory, manifest: manifest)
            guard visible || configuration.behaviour.disableAuthorisation else { continue }
            records.append(AssistanceRecord(flight: manifest.flight, traveler: manifest.travelers[location.travelerIndex]))
        }
        let responseId = newMessageId("ASR", &random)
        let response = AssistanceResponse(header: header(responseId, correlation: message.messageId, to: requester, now: now),
                                          requestMessageId: message.messageId, result: records.isEmpty ? .notFound : .found,
                                          records: records)
        let reply = (try? response.xml()).flatMap { frame($0, id: responseId, correlation: message.messageId, to: requester, now: now) }
        record(message, now: now, reply: reply, outcome: records.isEmpty ? .assistanceNotFound : .assistanceFound,
               step: &step)
    }
}
