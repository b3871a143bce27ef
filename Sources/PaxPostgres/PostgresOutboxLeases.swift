public import PaxExchange
import PaxServer
import PostgresNIO

/// Outbox delivery across instances: an instance sends only what it has claimed. A claim is a
/// lease (owner, expiry) taken with `FOR UPDATE SKIP LOCKED`, so two instances claiming at once
/// get disjoint sets and neither waits for the other. A pending message is in flight on one
/// instance at a time; when its instance dies, the lease expires and another instance claims it
/// and resends the stored frame: the same id, the same bytes (the receiver's inbox dedup
/// answers a copy that did arrive with its stored reply).
extension PostgresExchangeStore {
    /// Claims up to `limit` pending messages due at `now` whose lease is free or expired, until
    /// `now + leaseMilliseconds`. Returns them oldest due first. A message this instance already
    /// holds is not returned again: its delivery is in progress here.
    public func claimDueOutbox(now: ExchangeTime, limit: Int, leaseMilliseconds: Int64) throws(StoreError) -> [OutboxRecord] {
        guard limit > 0 else { return [] }
        let until = now.addingReportingOverflow(max(0, leaseMilliseconds))
        guard !until.overflow else { throw StoreError.io("lease expiry overflows") }
        return try writing("outbox claim") { connection in
            try pool.run("""
                UPDATE exchange_outbox SET lease_owner = \(instance), lease_until_ms = \(until.partialValue)
                WHERE message_id IN (
                    SELECT message_id FROM exchange_outbox
                    WHERE state = 'pending' AND next_attempt_at_ms <= \(now)
                      AND (lease_until_ms IS NULL OR lease_until_ms <= \(now))
                    ORDER BY next_attempt_at_ms, message_id
                    LIMIT \(Int64(limit))
                    FOR UPDATE SKIP LOCKED)
                RETURNING message_id, receiver, purpose, frame, created_at_ms, attempts, next_attempt_at_ms, state
                """, on: connection).rows.map(Self.outbox).sorted { ($0.nextAttemptAt, $0.messageId) < ($1.nextAttemptAt, $1.messageId) }
        }
    }

    /// Gives a lease back (the delivery ended: answered, refused, or this instance stops), so
    /// any instance may claim the message at its next attempt. Only this instance's lease is released.
    public func releaseLease(of messageId: String) throws(StoreError) {
        try writing("lease release") { connection in
            try pool.run("""
                UPDATE exchange_outbox SET lease_owner = NULL, lease_until_ms = NULL
                WHERE message_id = \(messageId) AND lease_owner = \(instance)
                """, on: connection)
        }
    }

    /// Who holds the lease on a message and until when, if anyone.
    public func lease(of messageId: String) throws(StoreError) -> (owner: String, until: ExchangeTime)? {
        try reading("lease lookup") { connection in
            guard let row = try pool.run("SELECT lease_owner, lease_until_ms FROM exchange_outbox WHERE message_id = \(messageId)",
                                         on: connection).rows.first else { return nil }
            let (owner, until) = try row.decode((String?, Int64?).self)
            guard let owner, let until else { return nil }
            return (owner, until)
        }
    }
}
