public import PaxMessages

/// Where a manifest stands at the agency that holds it.
///
/// At the sender: `submitted` → `delivered` (accepted acknowledgement) → `assessed` (risk
/// assessment received and acknowledged); or `submitted` → `rejected` (rejecting
/// acknowledgement); or `undeliverable` (retries ran out without an answer); or `delivered` →
/// `unassessed` (no assessment before the deadline). Terminal: `assessed`, `rejected`,
/// `undeliverable`, `unassessed`; a manifest enters exactly one, once.
/// At the receiver: `received` (accepted and screened). `local`: a departure to a third
/// country, held only for mutual-assistance searches.
public enum ManifestState: String, Sendable, Hashable, Codable, CaseIterable {
    case submitted, delivered, assessed, rejected, undeliverable, unassessed, received, local

    public var isTerminal: Bool {
        switch self {
        case .assessed, .rejected, .undeliverable, .unassessed: true
        case .submitted, .delivered, .received, .local: false
        }
    }
}

/// A manifest an agency submitted, received or recorded, with what assistance searches need.
public struct ManifestRecord: Sendable, Hashable, Codable {
    public var messageId: String
    /// The agency that submitted it (this agency for its own submissions).
    public var submitter: String
    public var receiver: String
    public var state: ManifestState
    public var flight: FlightSummary
    public var travelers: [Traveler]
    /// When a delivered manifest stops waiting for its assessment.
    public var assessmentDeadline: ExchangeTime?
    /// The outcomes of the assessment, by traveller reference, once assessed.
    public var outcomes: [String: TravelerAssessment.Outcome]

    public init(messageId: String, submitter: String, receiver: String, state: ManifestState, flight: FlightSummary,
                travelers: [Traveler], assessmentDeadline: ExchangeTime? = nil,
                outcomes: [String: TravelerAssessment.Outcome] = [:]) {
        self.messageId = messageId
        self.submitter = submitter
        self.receiver = receiver
        self.state = state
        self.flight = flight
        self.travelers = travelers
        self.assessmentDeadline = assessmentDeadline
        self.outcomes = outcomes
    }

    /// The record's identity: (submitter, message id). Two submitters' manifests with one id
    /// are two records.
    public var key: MessageKey { MessageKey(sender: submitter, messageId: messageId) }
}

/// What an outgoing request is for.
public enum OutboxPurpose: Sendable, Hashable, Codable {
    case manifest
    case riskAssessment(manifestId: String)
    case assistanceRequest
}

/// Where an outgoing request stands.
public enum OutboxState: String, Sendable, Hashable, Codable {
    /// Sent, unanswered, retrying.
    case pending
    /// Answered (acknowledged or replied to).
    case answered
    /// Retries ran out; an alert was raised.
    case expired
}

/// An outgoing request and its retry state; `frame` is resent byte for byte while pending.
public struct OutboxRecord: Sendable, Hashable, Codable {
    public var messageId: String
    public var receiver: String
    public var purpose: OutboxPurpose
    /// The signed frame while the request is pending; empty once it is answered or expired
    /// (see `settled(_:)`).
    public var frame: [UInt8]
    public var createdAt: ExchangeTime
    public var attempts: Int
    public var nextAttemptAt: ExchangeTime
    public var state: OutboxState

    public init(messageId: String, receiver: String, purpose: OutboxPurpose, frame: [UInt8], createdAt: ExchangeTime,
                attempts: Int, nextAttemptAt: ExchangeTime, state: OutboxState) {
        self.messageId = messageId
        self.receiver = receiver
        self.purpose = purpose
        self.frame = frame
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.state = state
    }

    /// This record in `state`; answered or expired, without its frame. A settled request is
    /// never sent again, so the agency does not keep its bytes in memory for as long as it
    /// runs; the store keeps the bytes that were sent (the console shows them, retention cuts
    /// them down) but its snapshot, like the agency's state, holds a settled record without them.
    public func settled(_ state: OutboxState) -> OutboxRecord {
        var record = self
        record.state = state
        if state != .pending { record.frame = [] }
        return record
    }
}

/// A processed incoming message: who sent it, when, the digest of its payload, and the reply
/// sent (resent byte for byte to any duplicate within the dedup window; the same id from the
/// same sender with another digest is refused as `id-reused`).
public struct InboxRecord: Sendable, Hashable, Codable {
    public var messageId: String
    public var sender: String
    public var receivedAt: ExchangeTime
    /// Lower-case hex SHA-256 of the payload processed; nil only for records kept from a
    /// store written before digests were recorded (any copy then counts as a duplicate).
    public var payloadDigest: String?
    public var reply: [UInt8]?
    /// What processing it did, for status queries.
    public var outcome: InboxOutcome

    public init(messageId: String, sender: String, receivedAt: ExchangeTime, payloadDigest: String?, reply: [UInt8]?,
                outcome: InboxOutcome) {
        self.messageId = messageId
        self.sender = sender
        self.receivedAt = receivedAt
        self.payloadDigest = payloadDigest
        self.reply = reply
        self.outcome = outcome
    }

    /// The record's identity: (sender, message id).
    public var key: MessageKey { MessageKey(sender: sender, messageId: messageId) }
}

/// One change in a transaction.
public enum StoreOperation: Sendable, Hashable {
    case putManifest(ManifestRecord)
    case putOutbox(OutboxRecord)
    /// Records a processed message; the store refuses it when its (sender, id) is already there.
    case insertInbox(InboxRecord)
    /// Replaces or inserts (used only by deliberately broken test variants).
    case replaceInbox(InboxRecord)
    /// Forgets inbox records received before the instant.
    case pruneInbox(receivedBefore: ExchangeTime)
}

/// Changes committed together or not at all: a state change, its outgoing messages and the
/// inbox record of the message that caused it.
public struct StoreTransaction: Sendable, Hashable {
    public var operations: [StoreOperation]
    public init(_ operations: [StoreOperation]) { self.operations = operations }
}

/// Everything an agency rebuilds itself from after a restart. Manifests are keyed by
/// (submitter, id) and the inbox by (sender, id); the outbox holds only the agency's own
/// messages, keyed by their id.
public struct StoreSnapshot: Sendable, Hashable {
    public var manifests: [MessageKey: ManifestRecord]
    public var outbox: [String: OutboxRecord]
    public var inbox: [MessageKey: InboxRecord]

    public init(manifests: [MessageKey: ManifestRecord] = [:], outbox: [String: OutboxRecord] = [:],
                inbox: [MessageKey: InboxRecord] = [:]) {
        self.manifests = manifests
        self.outbox = outbox
        self.inbox = inbox
    }
}

/// The answer to a status query: an outgoing message by id, or an incoming one by (sender, id).
public enum MessageStatus: Sendable, Hashable {
    case outgoing(OutboxState, attempts: Int)
    case incoming(outcome: InboxOutcome, receivedAt: ExchangeTime)
}
