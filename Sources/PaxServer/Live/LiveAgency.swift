import Foundation
import GRDB
public import Logging
public import PaxExchange
public import PaxMessages
public import PaxRisk

/// One agency running live: the I/O-free `PaxExchange.Agency` driven by wall-clock time, with
/// its SQLite store, audit log, traveller-data archive, timers and a transport to its peers.
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
public actor LiveAgency {
    public nonisolated let id: String
    /// The agency's screening (watch list and rules), for explaining hits to its operators.
    public nonisolated let screening: RiskEngine
    private var agency: Agency
    private let store: SQLiteExchangeStore
    private nonisolated let committer: GroupCommitter
    /// The committer's epoch the in-memory state belongs to (see `GroupCommitter`).
    private var epoch: UInt64 = 0
    private let auditLog: AuditLog
    private let transport: any PeerTransport
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
    public init(configuration: PaxExchange.AgencyConfiguration, database: AgencyDatabase, transport: any PeerTransport,
                logger: Logger, maxInFlightPerPeer: Int = DeliveryWindowDefaults.limitPerPeer, maxCommitGroup: Int = GroupCommitter.maxGroup(),
                onEvent: @escaping @Sendable (LiveAgencyEvent) -> Void = { _ in }) throws(StoreError) {
        id = configuration.id
        screening = configuration.screening
        executor = BlockingWorkExecutor(label: "paxsim.agency.\(configuration.id)")
        window = DeliveryWindow(limitPerPeer: maxInFlightPerPeer)
        self.maxInFlightPerPeer = window.limitPerPeer
        store = SQLiteExchangeStore(database: database)
        committer = GroupCommitter(database: database, maxGroup: maxCommitGroup, label: "paxsim.commit.\(configuration.id)")
        auditLog = AuditLog(database: database)
        agency = Agency(configuration: configuration, snapshot: try store.snapshot())
        self.transport = transport
        self.logger = logger
        self.onEvent = onEvent
    }

    /// The agency's clock: wall-clock milliseconds since 1970.
    public static func now() -> ExchangeTime { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Re-arms retry and deadline timers from the store (after a start or a crash).
    public func start() async {
        _ = await run(.restarted)
    }

    /// Groups committed and events in them since the agency opened.
    public nonisolated var commitCounts: (groups: Int, writes: Int) { committer.counts }

    /// Writes waiting for the committer, and handed to it so far (tests).
    nonisolated var commitQueue: (waiting: Int, handedIn: Int) { committer.queued }

    /// Stops timers and waits for deliveries in flight; then closes the transport.
    public func shutdown() async {
        stopped = true
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

    /// Submits a manifest this agency sends (its header names this agency as sender and a peer
    /// as receiver). Returns its message id.
    public func submit(_ manifest: TravelerManifest) async throws(OperatorRequestError) -> String {
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
        guard agency.ownManifest(header.messageId) == nil, agency.state.outbox[header.messageId] == nil else {
            throw OperatorRequestError("manifest \(header.messageId) was already submitted", status: 409)
        }
        let result = await run(.submit(manifest))
        if result.failed { throw OperatorRequestError("the agency could not commit the manifest; try again", status: 503) }
        return header.messageId
    }

    /// Asks `peer` about a traveller; returns the request's message id.
    public func ask(_ query: AssistanceQuery, peer: String) async throws(OperatorRequestError) -> String {
        guard agency.configuration.peers[peer] != nil else {
            throw OperatorRequestError("\(peer) is not a configured peer")
        }
        let result = await run(.ask(query, peer: peer))
        guard !result.failed, let id = result.requestsSent.first else {
            throw OperatorRequestError("the agency could not commit the request; try again", status: 503)
        }
        return id
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
        _ = try? await committer.write(epoch: epoch) { _ in .reload }
        rebuildIfStale()
        if stopped { throw .io("the store cannot be read; the agency has stopped") }
    }

    /// Rebuilds the state from the store when the committer has started a new epoch (a commit
    /// failed, or a commit asked for it): writes computed from the old state were refused.
    private func rebuildIfStale() {
        let current = committer.epoch
        guard current != epoch else { return }
        if let snapshot = try? store.snapshot() {
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
        _ = await run(.timerFired(timer))
    }

    private func delivered(_ result: DeliveryResult, peer: String, messageId: String, task: UInt64) async {
        deliveries[task] = nil
        window.complete(messageId: messageId, to: peer)
        guard !stopped else { return }
        startWaiting(to: peer)
        switch result {
        case .reply(let frame): _ = await run(.received(frame))
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
    private func run(_ event: AgencyEvent) async -> ReceiveResult {
        var result = ReceiveResult()
        guard !stopped else {
            result.failed = true
            return result
        }
        let now = Self.now()
        var peerHead: PeerAuditHead?
        if case .received = event {
            // The acknowledgements this step signs carry the audit head as committed now.
            agency.auditHead = currentAuditHead()
        }
        let effects = agency.handle(event, now: now, random: &random)
        if case .received(let frame, _) = event { peerHead = PeerAuditHeads.reported(in: frame, effects: effects, at: now) }
        let overview = ManifestOverview.changes(for: effects, event: event, agency: id, screening: screening, now: now)
        if let write = write(for: effects, now: now, peerHead: peerHead, overview: overview) {
            do {
                _ = try await committer.write(epoch: epoch, write)
            } catch {
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
            await committer.barrier()
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
                if case .received = event, result.reply == nil, Self.isAnswer(kind) {
                    result.reply = frame
                } else {
                    dispatch(frame, to: peer, messageId: messageId)
                }
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

    /// The database write of one event's effects: its transaction with its audit records,
    /// the operators' overview of its manifests, archived travellers and the audit head the peer reported (all or nothing), or only the audit records of an event that
    /// changes no state (refusals, duplicates); nil when there is nothing to write.
    private func write(for effects: [AgencyEffect], now: ExchangeTime, peerHead: PeerAuditHead?,
                       overview: ManifestOverview.Changes) -> (@Sendable (Database) throws -> GroupCommitter.WriteOutcome)? {
        let audit = AuditTrail.events(for: effects, agency: id)
        let auditLog = self.auditLog
        var commit: StoreTransaction?
        for case .commit(let transaction) in effects where commit == nil { commit = transaction }
        guard let transaction = commit else {
            guard !audit.isEmpty else { return nil }
            return { db in
                for event in audit { _ = try auditLog.append(event, in: db) }
                return .done
            }
        }
        let archived = AuditTrail.archivedTravelers(in: effects, receivedAt: Date(timeIntervalSince1970: Double(now) / 1000))
        let stored = AuditTrail.storedManifestIds(in: transaction)
        return { db in
            try SQLiteExchangeStore.apply(transaction, in: db)
            try overview.apply(in: db)
            for event in audit { _ = try auditLog.append(event, in: db) }
            try TravelerDataArchive.insert(archived, in: db)
            if let peerHead { try PeerAuditHeads.keep(peerHead, auditLog: auditLog, in: db) }
            return try TravelerDataArchive.keepMasked(manifestIds: stored, in: db).isEmpty ? .done : .reload
        }
    }

    /// This agency's audit head as committed (nil if the log is empty or cannot be read).
    private func currentAuditHead() -> Acknowledgement.AuditHead? {
        guard let head = try? store.database.pool.read({ db in try AuditLog.head(db) }) else { return nil }
        return Acknowledgement.AuditHead(sequence: head.sequence, hash: head.hash)
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
        deliveries[number] = Task { [weak self] in
            let answer = await transport.deliver(frame, to: peer)
            await self?.delivered(answer, peer: peer, messageId: messageId, task: number)
        }
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
public struct OperatorRequestError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public var status: Int
    public init(_ description: String, status: Int = 400) {
        self.description = description
        self.status = status
    }
}
