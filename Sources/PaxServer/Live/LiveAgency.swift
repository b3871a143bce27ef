import Foundation
import GRDB
public import Logging
public import PaxExchange
public import PaxMessages
public import PaxRisk

/// One agency running live: the I/O-free `PaxExchange.Agency` driven by wall-clock time, with
/// its storage (exchange store, audit log, traveller-data archive: SQLite, or PostgreSQL shared
/// by several instances), timers and a transport to its peers.
///
/// Every event goes through `run`: the state machine answers with effects; the commit (state,
/// audit records and archived travellers in one SQLite transaction) is handed to the
/// `GroupCommitter`, which commits the writes of many events together (one `fsync`), and the
/// event's sends, reply and timers are carried out only once that commit is durable. While it
/// waits, the actor handles the next events. So a `kill -9` at any point loses nothing that
/// was acknowledged, and a restart rebuilds the agency from the store alone (`start()` re-arms
/// its timers).
///
/// Payload checks and screening run on each request's own task (`receive(_:precheck:)`), so
/// the serial path is the state machine and the commit hand-off.
///
/// On a store shared by several instances (`AgencyStorage.shared`), an instance's memory holds
/// what it processed itself, so it asks the store before it acts: an incoming message another
/// instance already processed is answered with that instance's stored reply (and, when two
/// process it at once, the store's unique key refuses the loser's commit, which then answers
/// the same way); outgoing messages are sent only under a lease, and retries come from claiming
/// due, unleased messages (`pollOutbox`), so each is in flight on one instance at a time and
/// another instance takes over after a crash.
public actor LiveAgency {
    public nonisolated let id: String
    /// The agency's screening (watch list and rules), for explaining hits to its operators.
    public nonisolated let screening: RiskEngine
    private var agency: Agency
    /// Where everything durable goes (see `AgencyStorage`).
    public nonisolated let storage: any AgencyStorage
    /// The storage's epoch the in-memory state belongs to (see `GroupCommitter`).
    private var epoch: UInt64 = 0
    /// Outgoing messages this instance is delivering under a lease (shared store).
    private var leased: Set<String> = []
    private var outboxPoller: Task<Void, Never>?
    private let transport: any PeerTransport
    /// The peers' keys, for authenticating delivery replies off the serial path.
    private nonisolated let peerKeys: [String: VerificationKey]
    private let logger: Logger
    private let onEvent: @Sendable (LiveAgencyEvent) -> Void
    private var random = SystemRandomNumberGenerator()
    private var timers: [AgencyTimer: Task<Void, Never>] = [:]
    private var deliveries: [UInt64: Task<Void, Never>] = [:]
    private var nextDelivery: UInt64 = 0
    /// Deliveries in flight and waiting, per peer (`DeliveryWindow`: at most `maxInFlightPerPeer`
    /// in flight, one delivery of a message at a time).
    private var window: DeliveryWindow<[UInt8]>
    /// Deliveries in flight to one peer at most: back-pressure instead of a retry storm
    /// when a peer is slow or has just restarted.
    public nonisolated let maxInFlightPerPeer: Int
    private var stopped = false
    /// Where the actor runs: it reads SQLite when it rebuilds its state, and that must not
    /// hold one of Swift's few cooperative threads (commits wait on the committer's queue).
    private nonisolated let executor: BlockingWorkExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Opens the agency over `database` (rebuilding its state from the store). `maxCommitGroup`
    /// is the most events committed in one transaction (1: group commit off).
    public init(configuration: AgencyConfiguration, database: AgencyDatabase, transport: any PeerTransport,
                logger: Logger, maxInFlightPerPeer: Int = DeliveryWindowDefaults.limitPerPeer, maxCommitGroup: Int = GroupCommitter.maxGroup(),
                onEvent: @escaping @Sendable (LiveAgencyEvent) -> Void = { _ in }) throws(StoreError) {
        try self.init(configuration: configuration,
                      storage: SQLiteAgencyStorage(database: database, maxCommitGroup: maxCommitGroup,
                                                   label: "paxsim.commit.\(configuration.id)"),
                      transport: transport, logger: logger, maxInFlightPerPeer: maxInFlightPerPeer, onEvent: onEvent)
    }

    /// Opens the agency over `storage` (rebuilding its state from the store).
    public init(configuration: AgencyConfiguration, storage: any AgencyStorage, transport: any PeerTransport,
                logger: Logger, maxInFlightPerPeer: Int = DeliveryWindowDefaults.limitPerPeer,
                onEvent: @escaping @Sendable (LiveAgencyEvent) -> Void = { _ in }) throws(StoreError) {
        id = configuration.id
        screening = configuration.screening
        executor = BlockingWorkExecutor(label: "paxsim.agency.\(configuration.id)")
        window = DeliveryWindow(limitPerPeer: maxInFlightPerPeer)
        self.maxInFlightPerPeer = window.limitPerPeer
        self.storage = storage
        epoch = storage.epoch
        agency = Agency(configuration: configuration, snapshot: try storage.snapshot())
        peerKeys = configuration.peers.mapValues(\.publicKey)
        self.transport = transport
        self.logger = logger
        self.onEvent = onEvent
    }

    /// The agency's clock: wall-clock milliseconds since 1970.
    public static func now() -> ExchangeTime { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Re-arms retry and deadline timers from the store (after a start or a crash).
    public func start() async {
        _ = await run(.restarted)
        if let shared = storage.shared, outboxPoller == nil {
            let interval = Self.pollInterval(leaseMilliseconds: shared.leaseMilliseconds)
            outboxPoller = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(interval))
                    guard !Task.isCancelled, let self else { return }
                    await self.pollOutbox()
                }
            }
        }
    }

    /// How often a shared store is asked for due outgoing messages: often enough that a dead
    /// instance's messages are taken over soon after their leases expire.
    static func pollInterval(leaseMilliseconds: Int64) -> Int64 { min(1_000, max(100, leaseMilliseconds / 4)) }

    /// Groups committed and events in them since the agency opened.
    public nonisolated var commitCounts: (groups: Int, writes: Int) { storage.commitCounts }

    /// Writes waiting for the committer, and handed to it so far (tests).
    nonisolated var commitQueue: (waiting: Int, handedIn: Int) { storage.commitQueue }

    /// Stops timers and waits for deliveries in flight; then closes the transport.
    public func shutdown() async {
        stopped = true
        outboxPoller?.cancel()
        outboxPoller = nil
        for task in timers.values { task.cancel() }
        timers.removeAll()
        let pending = Array(deliveries.values)
        for task in pending { task.cancel() }
        for task in pending { await task.value }
        await transport.shutdown()
    }

    // MARK: Inputs

    /// Bytes from a peer: the immediate answer (reply frame, refusal, or nothing to say),
    /// once whatever it changed is durable. `precheck` is its payload's check (and screening),
    /// done by the caller on its own task; the agency uses it only for the payload it was
    /// computed from.
    public func receive(_ frame: [UInt8], precheck: PayloadPrecheck? = nil) async -> ReceiveResult {
        await run(.received(frame, precheck: precheck))
    }

    /// A peer's message the HTTP layer authenticated (signature and digest, see
    /// `AuthenticatedMessage`): as `receive(_:precheck:)`, without verifying and hashing it again.
    public func receive(_ message: AuthenticatedMessage, precheck: PayloadPrecheck? = nil) async -> ReceiveResult {
        await run(.authenticated(message, precheck: precheck))
    }

    /// Submits a manifest this agency sends (its header names this agency as sender and a peer
    /// as receiver). Returns its message id.
    public func submit(_ manifest: TravelerManifest) async throws(OperatorRequestError) -> String {
        try await submitOnce(manifest).messageId
    }

    /// `submit`, recognising a repeat: the same manifest (id, receiver, flight and travellers)
    /// submitted again, e.g. an operator's retry after this agency restarted, is accepted as a
    /// duplicate and not sent twice; another manifest under a used id is refused (409).
    public func submitOnce(_ manifest: TravelerManifest) async throws(OperatorRequestError) -> OperatorAcceptance {
        let header = manifest.header
        guard header.sender == id else {
            throw OperatorRequestError("manifest \(header.messageId) names \(header.sender) as sender, not this agency (\(id))")
        }
        guard agency.configuration.peers[header.receiver] != nil else {
            throw OperatorRequestError("manifest \(header.messageId) is addressed to \(header.receiver), which is not a configured peer")
        }
        guard MessageNamespace.contains(header.messageId, of: id) else {
            throw OperatorRequestError("manifest id \(header.messageId) is not in this agency's namespace: it must start with '\(id):'")
        }
        if let held = agency.ownManifest(header.messageId) {
            if held.receiver == header.receiver, held.flight == FlightSummary(manifest.flight), held.travelers == manifest.travelers,
               agency.state.outbox[header.messageId]?.purpose == .manifest {
                return OperatorAcceptance(messageId: header.messageId, duplicate: true)
            }
            throw OperatorRequestError("manifest \(header.messageId) was already submitted with other contents", status: 409)
        }
        guard agency.state.outbox[header.messageId] == nil else {
            throw OperatorRequestError("id \(header.messageId) is already in use", status: 409)
        }
        let result = await run(.submit(manifest))
        if result.failed { throw OperatorRequestError("the agency could not commit the manifest; try again", status: 503) }
        return OperatorAcceptance(messageId: header.messageId, duplicate: false)
    }

    /// Asks `peer` about a traveller; returns the request's message id.
    public func ask(_ query: AssistanceQuery, peer: String) async throws(OperatorRequestError) -> String {
        try await askOnce(query, peer: peer, requestId: nil).messageId
    }

    /// `ask` under the operator's own request id when it is in this agency's namespace: a
    /// repeat of that id to the same peer (a retry, also after a restart) is accepted as a
    /// duplicate and not sent again; an id used for anything else is refused (409). Another
    /// agency's id is not used: the agency makes one, and a repeat is then a new request.
    public func askOnce(_ query: AssistanceQuery, peer: String, requestId: String?) async throws(OperatorRequestError)
        -> OperatorAcceptance {
        guard agency.configuration.peers[peer] != nil else {
            throw OperatorRequestError("\(peer) is not a configured peer")
        }
        let ownId = requestId.flatMap { MessageNamespace.contains($0, of: id) ? $0 : nil }
        if let ownId {
            if let held = agency.state.outbox[ownId] {
                guard held.purpose == .assistanceRequest, held.receiver == peer else {
                    throw OperatorRequestError("id \(ownId) is already in use", status: 409)
                }
                return OperatorAcceptance(messageId: ownId, duplicate: true)
            }
            guard agency.ownManifest(ownId) == nil else { throw OperatorRequestError("id \(ownId) is already in use", status: 409) }
        }
        let result = await run(.ask(query, peer: peer, requestId: ownId))
        guard !result.failed, let sent = result.requestsSent.first else {
            throw OperatorRequestError("the agency could not commit the request; try again", status: 503)
        }
        return OperatorAcceptance(messageId: sent, duplicate: false)
    }

    /// A message's status for `requester` (this agency, or a peer that is the message's other
    /// party); nil when it does not exist or the requester may not see it. A peer's own
    /// messages are found by (peer, id); this agency's operator finds incoming messages by
    /// the sender whose namespace the id is in.
    public func status(of messageId: String, requester: String) -> MessageStatusReport? {
        let state = agency.state
        let incoming = MessageKey(sender: requester == id ? (MessageNamespace.owner(of: messageId) ?? "") : requester,
                                  messageId: messageId)
        let own = MessageKey(sender: id, messageId: messageId)
        if let out = state.outbox[messageId], requester == id || requester == out.receiver {
            let manifest = state.manifests[own]
            return MessageStatusReport(messageId: messageId, direction: "outgoing", peer: out.receiver, state: out.state.rawValue,
                                       attempts: out.attempts, manifestState: manifest?.state.rawValue,
                                       outcomes: manifest.map(Self.outcomeCounts) ?? [:])
        }
        if let entry = state.inbox[incoming] {
            return MessageStatusReport(messageId: messageId, direction: "incoming", peer: entry.sender,
                                       state: entry.outcome.rawValue, attempts: nil,
                                       manifestState: state.manifests[incoming]?.state.rawValue, outcomes: [:])
        }
        if let manifest = state.manifests[own], requester == id {
            return MessageStatusReport(messageId: messageId, direction: "held", peer: nil, state: manifest.state.rawValue,
                                       attempts: nil, manifestState: manifest.state.rawValue, outcomes: [:])
        }
        return nil
    }

    /// Rebuilds the in-memory state from the store (after retention masked stored names).
    /// Writes already handed to the committer are refused (their senders retry) and the state
    /// is rebuilt once everything before is committed.
    public func reloadFromStore() async throws(StoreError) {
        await storage.startNewEpoch(after: epoch, isolation: self)
        rebuildIfStale()
        if stopped { throw .io("the store cannot be read; the agency has stopped") }
    }

    /// Rebuilds the state from the store when the committer has started a new epoch (a commit
    /// failed, or a commit asked for it): writes computed from the old state were refused.
    private func rebuildIfStale() {
        let current = storage.epoch
        guard current != epoch else { return }
        if let snapshot = try? storage.snapshot() {
            agency = Agency(configuration: agency.configuration, snapshot: snapshot)
            epoch = current
        } else {
            stopped = true
            logger.critical("the store cannot be read; the agency stops", metadata: ["agency": "\(id)"])
        }
    }

    /// This agency's own manifest `messageId`, if it holds one.
    public func ownManifestRecord(_ messageId: String) -> ManifestRecord? { agency.ownManifest(messageId) }

    /// The manifest records this agency holds.
    public func manifests() -> [ManifestRecord] { agency.state.manifests.values.sorted { $0.key < $1.key } }

    private func timerFired(_ timer: AgencyTimer) async {
        timers[timer] = nil
        guard !stopped else { return }
        if case .assessmentDeadline(let manifestId) = timer { refreshOwnManifest(manifestId) }
        _ = await run(.timerFired(timer))
    }

    /// On a shared store, before an assessment deadline fires: the instance that armed the
    /// timer may not be the one that received the assessment, so it reads its manifest back
    /// and takes the stored record when it is further along (an assessed manifest is not
    /// turned `unassessed` by a stale copy).
    private func refreshOwnManifest(_ manifestId: String) {
        guard let shared = storage.shared else { return }
        let key = MessageKey(sender: id, messageId: manifestId)
        do {
            guard let stored = try shared.storedManifest(key) else { return }
            agency.adoptProgress(StoreSnapshot(manifests: [key: stored]))
        } catch {
            logger.warning("shared store lookup failed", metadata: ["message": "\(manifestId.prefix(128))", "error": "\(error)"])
        }
    }

    private func delivered(_ result: DeliveryResult, reply: AgencyEvent?, peer: String, messageId: String, task: UInt64) async {
        deliveries[task] = nil
        window.complete(messageId: messageId, to: peer)
        let release = leased.remove(messageId) != nil
        defer {
            // The delivery ended (answered, refused, failed): any instance may take the
            // message's next attempt. An instance that stops keeps its leases until they expire.
            if release, !stopped, let shared = storage.shared {
                do {
                    try shared.releaseLease(of: messageId)
                } catch {
                    logger.warning("lease not released; it expires", metadata: ["message": "\(messageId)", "error": "\(error)"])
                }
            }
        }
        guard !stopped else { return }
        startWaiting(to: peer)
        switch result {
        case .reply(let frame): _ = await run(reply ?? .received(frame))
        case .accepted: break
        case .refused(let status, let code):
            onEvent(.deliveryFailed(peer: peer, messageId: messageId, detail: "refused: HTTP \(status) \(code)"))
        case .failed(let detail):
            onEvent(.deliveryFailed(peer: peer, messageId: messageId, detail: detail))
        }
    }

    // MARK: Effects

    /// Handles one event, hands its commit to the committer and, once it is durable, carries
    /// out the other effects in order. Nothing is sent, answered or armed before then.
    private func run(_ event: AgencyEvent, afterConflict: Bool = false) async -> ReceiveResult {
        var result = ReceiveResult()
        guard !stopped else {
            result.failed = true
            return result
        }
        let now = Self.now()
        var peerHead: PeerAuditHead?
        // The message received, decoded once for everything below (not yet authenticated
        // when it came as bytes: only what the agency accepted is used).
        let received = Self.receivedMessage(event)
        let receipt = Self.isReceipt(event)
        if let received, storage.shared != nil { adoptRelatedRecords(of: received) }
        if receipt {
            // The acknowledgements this step signs carry the audit head as committed now.
            agency.auditHead = currentAuditHead()
        }
        let effects = agency.handle(event, now: now, random: &random)
        if let received { peerHead = PeerAuditHeads.reported(in: received, decoded: Self.decodedPayload(event, of: received),
                                                             effects: effects, at: now) }
        let overview = ManifestOverview.changes(for: effects, event: event, received: received, agency: id,
                                                screening: screening, now: now)
        if let write = write(for: effects, now: now, peerHead: peerHead, overview: overview) {
            do {
                _ = try await storage.write(write, epoch: epoch, isolation: self)
            } catch {
                if case .duplicateInbox = error, storage.shared != nil, !afterConflict {
                    // Another instance processed this message first: with its record read back,
                    // the event is a duplicate, answered with that instance's stored reply.
                    rebuildIfStale()
                    return await run(event, afterConflict: true)
                }
                // Nothing of this event was committed, so nothing may be sent: the committer
                // refuses what was computed after it too, and the state is rebuilt from the
                // store (as after a crash; keeping a copy of the state before every event
                // would copy it on every change).
                logger.error("commit failed; event dropped", metadata: ["agency": "\(id)", "error": "\(error)"])
                rebuildIfStale()
                result.failed = true
                return result
            }
            // A manifest re-sent after its retention period was stored masked: hold it masked too.
            rebuildIfStale()
        } else {
            // Nothing to write, but what it answers may rest on writes not yet durable.
            await storage.barrier(isolation: self)
        }
        for effect in effects {
            switch effect {
            case .commit(let transaction):
                if let record = result.processed(in: effects) {
                    onEvent(.processed(sender: record.sender, messageId: record.messageId, outcome: record.outcome))
                }
                for case .putManifest(let record) in transaction.operations { onEvent(.manifest(record)) }
            case .send(let peer, let messageId, let frame, let kind):
                onEvent(.sent(peer: peer, messageId: messageId, kind: kind))
                if case .request(attempt: 1) = kind { result.requestsSent.append(messageId) }
                if receipt, result.reply == nil, Self.isAnswer(kind) {
                    result.reply = frame
                } else {
                    if storage.shared != nil, !Self.isAnswer(kind) { leased.insert(messageId) }
                    dispatch(frame, to: peer, messageId: messageId)
                }
            case .setTimer(.retry, _) where storage.shared != nil:
                // On a shared store retries come from claiming due messages (`pollOutbox`).
                break
            case .setTimer(let timer, let at):
                schedule(timer, at: at)
            case .alert(let alert):
                logger.warning("\(alert.kind.rawValue): \(alert.detail)", metadata: ["message": "\(alert.messageId)"])
                onEvent(.alert(alert))
            case .refused(let rejection):
                result.refusal = rejection
                onEvent(.refused(rejection))
            case .duplicateSuppressed(let messageId):
                result.duplicate = true
                onEvent(.duplicate(messageId: messageId))
            }
        }
        return result
    }

    /// The durable write of one event's effects: its transaction with its audit records,
    /// archived travellers and the audit head the peer reported (all or nothing), or only the
    /// audit records of an event that changes no state (refusals, duplicates); nil when there
    /// is nothing to write.
    private func write(for effects: [AgencyEffect], now: ExchangeTime, peerHead: PeerAuditHead?,
                       overview: ManifestOverview.Changes) -> AgencyWrite? {
        let audit = AuditTrail.events(for: effects, agency: id)
        var commit: StoreTransaction?
        for case .commit(let transaction) in effects where commit == nil { commit = transaction }
        guard let transaction = commit else {
            guard !audit.isEmpty else { return nil }
            return AgencyWrite(transaction: nil, audit: audit, now: now)
        }
        var sending: [String] = []
        for case .send(_, let messageId, _, .request) in effects { sending.append(messageId) }
        return AgencyWrite(transaction: transaction, audit: audit,
                           archived: AuditTrail.archivedTravelers(in: effects, receivedAt: Date(timeIntervalSince1970: Double(now) / 1000)),
                           peerHead: peerHead, storedManifestIds: AuditTrail.storedManifestIds(in: transaction),
                           sending: sending, overview: overview, now: now)
    }

    /// On a shared store: merges what another instance stored about an incoming frame (its
    /// inbox record; the own manifest and outgoing message it answers) into this instance's
    /// state, so the core answers a message processed elsewhere as a duplicate, and an
    /// acknowledgement does not move back a manifest another instance saw assessed. The frame is
    /// not authenticated yet: the lookup only reads by the ids it claims, and the core checks
    /// its signature and digest against what was stored.
    private func adoptRelatedRecords(of message: SignedMessage) {
        guard let shared = storage.shared else { return }
        let key = MessageKey(sender: message.sender, messageId: message.messageId)
        let correlation = message.correlationId.isEmpty ? nil : message.correlationId
        let known = agency.state.inbox[key] != nil
            && (correlation.map { agency.ownManifest($0) != nil || agency.state.outbox[$0] != nil } ?? true)
        guard !known else { return }
        do {
            agency.adoptProgress(try shared.relatedRecords(of: key, correlationId: correlation, agency: id))
        } catch {
            logger.warning("shared store lookup failed", metadata: ["message": "\(message.messageId.prefix(128))", "error": "\(error)"])
        }
    }

    /// On a shared store: claims the outgoing messages that are due and that no instance is
    /// delivering (a crashed instance's, once their leases expire; or any whose retry is due),
    /// and retries them here under the lease.
    func pollOutbox() async {
        guard !stopped, let shared = storage.shared else { return }
        let claimed: StoreSnapshot
        do {
            claimed = try shared.claimDueOutbox(now: Self.now(), limit: max(16, maxInFlightPerPeer * max(1, agency.configuration.peers.count)))
        } catch {
            logger.warning("outbox claim failed", metadata: ["error": "\(error)"])
            return
        }
        for messageId in agency.adoptClaimed(claimed) where !window.isOutstanding(messageId) {
            _ = await run(.timerFired(.retry(messageId: messageId)))
        }
    }

    /// This agency's audit head as committed (nil if the log is empty or cannot be read).
    private func currentAuditHead() -> Acknowledgement.AuditHead? {
        guard let head = storage.auditHead() else { return nil }
        return Acknowledgement.AuditHead(sequence: head.sequence, hash: head.hash)
    }

    /// Whether `event` is a message from a peer (as bytes, or authenticated by the HTTP layer).
    private static func isReceipt(_ event: AgencyEvent) -> Bool {
        switch event {
        case .received, .authenticated: true
        case .submit, .recordLocal, .ask, .timerFired, .restarted: false
        }
    }

    /// The payload a receipt's precheck decoded, when it was computed from `message`'s payload.
    private static func decodedPayload(_ event: AgencyEvent, of message: SignedMessage) -> PaxMessage? {
        let precheck: PayloadPrecheck?
        switch event {
        case .received(_, let check), .authenticated(_, let check): precheck = check
        case .submit, .recordLocal, .ask, .timerFired, .restarted: precheck = nil
        }
        guard let precheck, precheck.digest == message.payloadDigest, case .success(let payload) = precheck.result else { return nil }
        return payload
    }

    /// The message a receipt carries (bytes decoded; nil when they are not a frame).
    private static func receivedMessage(_ event: AgencyEvent) -> SignedMessage? {
        switch event {
        case .received(let frame, _): try? WireFrame.decode(frame)
        case .authenticated(let message, _): message.message
        case .submit, .recordLocal, .ask, .timerFired, .restarted: nil
        }
    }

    private static func isAnswer(_ kind: SendKind) -> Bool {
        switch kind {
        case .reply, .repeatedReply: true
        case .request: false
        }
    }

    private func dispatch(_ frame: [UInt8], to peer: String, messageId: String) {
        guard !stopped, window.enqueue(frame, messageId: messageId, to: peer) else { return }
        startWaiting(to: peer)
    }

    private func startWaiting(to peer: String) {
        for delivery in window.startable(to: peer) {
            start(delivery.payload, to: peer, messageId: delivery.messageId)
        }
    }

    private func start(_ frame: [UInt8], to peer: String, messageId: String) {
        let number = nextDelivery
        nextDelivery += 1
        let transport = self.transport
        let keys = peerKeys
        let screening = screening
        deliveries[number] = Task { [weak self] in
            let answer = await transport.deliver(frame, to: peer)
            let reply = await Self.receiptOfReply(answer, keys: keys, screening: screening)
            await self?.delivered(answer, reply: reply, peer: peer, messageId: messageId, task: number)
        }
    }

    /// The event for a delivery's reply (an acknowledgement, an assistance response), made on
    /// the delivery's task rather than the serial path: its payload checked ahead and, when
    /// its signature verifies with the key of the peer it names, authenticated (the agency
    /// then checks sender, recipient and replay window, not the signature or digest again).
    /// Anything else goes in as bytes, for the agency to check and refuse as before.
    private static func receiptOfReply(_ answer: DeliveryResult, keys: [String: VerificationKey],
                                       screening: RiskEngine) async -> AgencyEvent? {
        guard case .reply(let frame) = answer, let message = try? WireFrame.decode(frame) else { return nil }
        var hashed = HashingPayloadBuffer(capacity: message.payload.count)
        message.payload.withUnsafeBytes { hashed.append($0) }
        let payload = hashed.finish()
        let precheck = PayloadPrecheck.compute(message.payload, digest: payload.digest, screening: screening)
        var envelope = message
        envelope.payload = []
        guard let key = keys[message.sender], let verified = VerifiedEnvelope.verify(envelope, with: key),
              let authenticated = verified.attaching(payload) else {
            return .received(frame, precheck: precheck)
        }
        return .authenticated(authenticated, precheck: precheck)
    }

    private func schedule(_ timer: AgencyTimer, at: ExchangeTime) {
        guard !stopped else { return }
        timers[timer]?.cancel()
        let delay = max(0, at - Self.now())
        timers[timer] = Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(delay))
            guard !Task.isCancelled else { return }
            await self?.timerFired(timer)
        }
    }

    static func outcomeCounts(_ record: ManifestRecord) -> [String: Int] {
        var counts: [String: Int] = [:]
        for outcome in record.outcomes.values { counts[outcome.rawValue, default: 0] += 1 }
        return counts
    }
}

/// The immediate result of one incoming message.
public struct ReceiveResult: Sendable {
    /// The signed reply to return to the sender in the same HTTP exchange.
    public var reply: [UInt8]?
    /// Why the bytes were refused (for envelope-level refusals, the only answer).
    public var refusal: Rejection?
    /// True when it was a duplicate answered from the store.
    public var duplicate = false
    /// True when the agency could not commit (the sender should retry).
    public var failed = false
    /// Ids of the requests this event sent for the first time (an operator's new message).
    var requestsSent: [String] = []

    func processed(in effects: [AgencyEffect]) -> InboxRecord? {
        for case .commit(let transaction) in effects {
            for case .insertInbox(let record) in transaction.operations { return record }
        }
        return nil
    }
}

/// A status answer for `GET /messages/{id}`.
public struct MessageStatusReport: Sendable, Codable, Equatable {
    public var messageId: String
    /// `outgoing`, `incoming` or `held` (a local manifest).
    public var direction: String
    public var peer: String?
    /// Outbox state (`pending`, `answered`, `expired`), inbox outcome, or manifest state.
    public var state: String
    public var attempts: Int?
    /// For a manifest: where it stands (`assessed`, ...).
    public var manifestState: String?
    /// For an assessed manifest: travellers per outcome.
    public var outcomes: [String: Int]
}

/// An operator request the agency refuses (HTTP status and the reason).
/// An operator's message taken: its id, and whether it repeats one taken before (and was
/// not acted on again).
public struct OperatorAcceptance: Sendable, Equatable {
    public var messageId: String
    public var duplicate: Bool
}

public struct OperatorRequestError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public var status: Int
    public init(_ description: String, status: Int = 400) {
        self.description = description
        self.status = status
    }
}
