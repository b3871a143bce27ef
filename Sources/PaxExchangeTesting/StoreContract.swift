public import PaxExchange
import PaxMessages

/// The rules every `ExchangeStore` must follow, runnable against any implementation through
/// the protocol alone. `verify` throws `StoreContractViolation` naming the first clause
/// that fails.
///
/// ```swift
/// try StoreContract.verify { InMemoryStore() }
/// ```
public enum StoreContract {
    /// The clauses, in the order they are checked.
    public enum Clause: String, Sendable, CaseIterable {
        case emptyAtStart = "a new store is empty"
        case commitIsVisible = "a committed transaction is visible in the snapshot, field for field"
        case putReplaces = "putManifest replaces the record with the same (submitter, id), putOutbox the one with the same id; a settled outbox record comes back without its frame"
        case manifestsKeyedBySubmitter = "putManifest of one message id by two submitters keeps two records; each put replaces only its own"
        case duplicateInboxRefused = "insertInbox of a (sender, id) already present is refused with duplicateInbox"
        case inboxKeyedBySender = "insertInbox of one message id from two senders keeps both; neither refuses nor replaces the other"
        case refusedCommitChangesNothing = "a refused transaction changes nothing, not even its earlier operations"
        case duplicateWithinTransactionRefused = "two insertInbox of one (sender, id) in one transaction are refused"
        case inboxLookup = "inboxRecord returns the committed record, its payload digest and its reply bytes exactly, by (sender, id)"
        case statusQuery = "outgoingStatus reports state and attempts by id; incomingStatus the outcome by (sender, id) only"
        case pruneForgetsOld = "pruneInbox forgets records received before the instant and keeps the rest"
        case survivesReopen = "a store reopened by `reopen` holds exactly what was committed"
    }

    /// Runs every clause against fresh stores from `make`. `reopen`, when given, returns a
    /// store over the same durable state as its argument (a new connection to the same
    /// file); the in-memory store passes `nil` (its durability is its own lifetime).
    public static func verify<S: ExchangeStore>(make: () throws -> S,
                                                reopen: ((S) throws -> S)? = nil) throws {
        try check(.emptyAtStart) {
            let store = try make()
            let snapshot = try store.snapshot()
            return snapshot.manifests.isEmpty && snapshot.outbox.isEmpty && snapshot.inbox.isEmpty
        }
        try check(.commitIsVisible) {
            let store = try make()
            try store.commit(StoreTransaction([.putManifest(sampleManifest), .putOutbox(sampleOutbox),
                                               .insertInbox(sampleInbox)]))
            let snapshot = try store.snapshot()
            return snapshot.manifests == [sampleManifest.key: sampleManifest]
                && snapshot.outbox == [sampleOutbox.messageId: sampleOutbox]
                && snapshot.inbox == [sampleInbox.key: sampleInbox]
        }
        try check(.putReplaces) {
            let store = try make()
            try store.commit(StoreTransaction([.putManifest(sampleManifest), .putOutbox(sampleOutbox)]))
            var manifest = sampleManifest
            manifest.state = .assessed
            manifest.outcomes = ["T1": .inspect]
            var outbox = sampleOutbox
            outbox.attempts = 3
            outbox.state = .answered
            // Put with its frame: the store returns it settled, without the bytes.
            try store.commit(StoreTransaction([.putManifest(manifest), .putOutbox(outbox)]))
            let snapshot = try store.snapshot()
            let settled = outbox.settled(.answered)
            return snapshot.manifests == [manifest.key: manifest] && snapshot.outbox == [outbox.messageId: settled]
                && settled.frame.isEmpty
        }
        try check(.manifestsKeyedBySubmitter) {
            let store = try make()
            // A record under the same id from another submitter (another traveller list).
            var shadow = sampleManifest
            shadow.submitter = "GT-IGM"
            shadow.state = .received
            shadow.travelers = []
            try store.commit(StoreTransaction([.putManifest(sampleManifest), .putManifest(shadow)]))
            var updated = shadow
            updated.outcomes = ["T9": .noBoard]
            try store.commit(StoreTransaction([.putManifest(updated)]))
            let snapshot = try store.snapshot()
            return snapshot.manifests == [sampleManifest.key: sampleManifest, updated.key: updated]
        }
        try check(.duplicateInboxRefused) {
            let store = try make()
            try store.commit(StoreTransaction([.insertInbox(sampleInbox)]))
            var again = sampleInbox
            again.outcome = .ackLate
            again.payloadDigest = String(repeating: "0", count: 64)
            do {
                try store.commit(StoreTransaction([.insertInbox(again)]))
                return false
            } catch StoreError.duplicateInbox(let key) {
                let kept = try store.inboxRecord(key)
                return key == sampleInbox.key && kept == sampleInbox
            }
        }
        try check(.inboxKeyedBySender) {
            let store = try make()
            var other = sampleInbox
            other.sender = "GT-IGM"
            other.outcome = .rejectedForeignId
            other.reply = nil
            other.payloadDigest = nil
            try store.commit(StoreTransaction([.insertInbox(sampleInbox)]))
            try store.commit(StoreTransaction([.insertInbox(other)]))
            return try store.snapshot().inbox == [sampleInbox.key: sampleInbox, other.key: other]
                && store.inboxRecord(other.key) == other && store.inboxRecord(sampleInbox.key) == sampleInbox
        }
        try check(.refusedCommitChangesNothing) {
            let store = try make()
            try store.commit(StoreTransaction([.insertInbox(sampleInbox)]))
            let before = try store.snapshot()
            do {
                try store.commit(StoreTransaction([.putManifest(sampleManifest), .putOutbox(sampleOutbox),
                                                   .insertInbox(sampleInbox)]))
                return false
            } catch is StoreError {
                return try store.snapshot() == before
            }
        }
        try check(.duplicateWithinTransactionRefused) {
            let store = try make()
            do {
                try store.commit(StoreTransaction([.insertInbox(sampleInbox), .insertInbox(sampleInbox)]))
                return false
            } catch is StoreError {
                return try store.snapshot().inbox.isEmpty
            }
        }
        try check(.inboxLookup) {
            let store = try make()
            try store.commit(StoreTransaction([.insertInbox(sampleInbox)]))
            return try store.inboxRecord(sampleInbox.key) == sampleInbox
                && store.inboxRecord(sampleInbox.key)?.reply == sampleInbox.reply
                && store.inboxRecord(sampleInbox.key)?.payloadDigest == sampleInbox.payloadDigest
                && store.inboxRecord(MessageKey(sender: "GT-IGM", messageId: sampleInbox.messageId)) == nil
                && store.inboxRecord(MessageKey(sender: "XX-NONE", messageId: "XX-NONE:MSG:0000000000000000")) == nil
        }
        try check(.statusQuery) {
            let store = try make()
            var outbox = sampleOutbox
            outbox.attempts = 4
            try store.commit(StoreTransaction([.putOutbox(outbox), .insertInbox(sampleInbox)]))
            return try store.outgoingStatus(of: outbox.messageId) == .outgoing(.pending, attempts: 4)
                && store.incomingStatus(of: sampleInbox.key) == .incoming(outcome: sampleInbox.outcome,
                                                                          receivedAt: sampleInbox.receivedAt)
                && store.incomingStatus(of: MessageKey(sender: "GT-IGM", messageId: sampleInbox.messageId)) == nil
                && store.outgoingStatus(of: sampleInbox.messageId) == nil
                && store.outgoingStatus(of: "XX-NONE:MSG:0000000000000000") == nil
        }
        try check(.pruneForgetsOld) {
            let store = try make()
            var old = sampleInbox
            old.messageId = "SV-DGME:ACK:00000000000000a1"
            old.receivedAt = 1_000
            var recent = sampleInbox
            recent.messageId = "SV-DGME:ACK:00000000000000a2"
            recent.receivedAt = 5_000
            try store.commit(StoreTransaction([.insertInbox(old), .insertInbox(recent)]))
            try store.commit(StoreTransaction([.pruneInbox(receivedBefore: 5_000)]))
            let inbox = try store.snapshot().inbox
            return inbox == [recent.key: recent]
        }
        if let reopen {
            try check(.survivesReopen) {
                let store = try make()
                try store.commit(StoreTransaction([.putManifest(sampleManifest), .putOutbox(sampleOutbox),
                                                   .insertInbox(sampleInbox)]))
                let expected = try store.snapshot()
                let reopened = try reopen(store)
                return try reopened.snapshot() == expected
            }
        }
    }

    static func check(_ clause: Clause, _ body: () throws -> Bool) throws {
        let held: Bool
        do {
            held = try body()
        } catch {
            throw StoreContractViolation(clause: clause, detail: "threw \(error)")
        }
        if !held { throw StoreContractViolation(clause: clause, detail: "did not hold") }
    }

    // Sample records with every field set, including non-ASCII text and binary reply bytes.
    static let flight = FlightSummary(carrier: "TA", flightNumber: "0520", departureAirport: "SAL",
                                      arrivalAirport: "IAH", scheduledDeparture: ExchangeTimeText.timestamp(1_773_475_200_000))
    static let traveler = Traveler(reference: "T1", surname: "NÚÑEZ", givenNames: "JOSÉ", gender: .male,
                                   dateOfBirth: CalendarDate("1980-02-29") ?? flight.scheduledDeparture.localDate,
                                   nationality: "SLV", embarkation: "SAL", debarkation: "IAH",
                                   documents: [TravelDocument(type: .passport, number: "A1234567", issuingState: "SLV",
                                                              expiryDate: CalendarDate("2030-01-01") ?? flight.scheduledDeparture.localDate)])
    static let sampleManifest = ManifestRecord(messageId: "SV-DGME:MAN:TA0520:20260314:P0001", submitter: "SV-DGME",
                                               receiver: "US-CBP", state: .delivered, flight: flight,
                                               travelers: [traveler], assessmentDeadline: 1_773_476_000_000,
                                               outcomes: ["T1": .cleared])
    static let sampleOutbox = OutboxRecord(messageId: "SV-DGME:MAN:TA0520:20260314:P0001", receiver: "US-CBP",
                                           purpose: .riskAssessment(manifestId: "US-CBP:MAN:X"),
                                           frame: Array("PAXSIM-FRAME/1\n\n".utf8) + [0, 255, 10, 13],
                                           createdAt: 1_773_475_200_000, attempts: 1, nextAttemptAt: 1_773_475_201_000,
                                           state: .pending)
    static let sampleInbox = InboxRecord(messageId: "US-CBP:ACK:00000000000000ff", sender: "US-CBP",
                                         receivedAt: 1_773_475_200_500,
                                         payloadDigest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                         reply: [0, 1, 2, 254, 255], outcome: .manifestAccepted)
}

/// A store broke a contract clause.
public struct StoreContractViolation: Error, Sendable, CustomStringConvertible {
    public var clause: StoreContract.Clause
    public var detail: String

    public var description: String { "store contract clause '\(clause.rawValue)' failed: \(detail)" }
}
