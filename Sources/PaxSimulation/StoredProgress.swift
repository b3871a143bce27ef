import PaxExchange

/// What an instance of a multi-instance agency takes from the shared store when the store
/// holds one of its own records too: the stored record when it is further along than the copy
/// in memory (another instance moved it on), never an older one (the instance's own change may
/// be newer than the store, as with the live agency's writes still being committed).
///
/// Own manifests move `submitted` → `delivered` → terminal; an outgoing message leaves
/// `pending` once and its attempts only grow.
enum StoredProgress {
    /// The records of `stored` that `agency` should take: absent ones, and own manifests and
    /// outgoing messages further along than its copies.
    static func adopt(_ stored: StoreSnapshot, into agency: inout Agency) {
        agency.adopt(stored, replacing: false)
        var newer = StoreSnapshot()
        for (key, record) in stored.manifests {
            guard let held = agency.state.manifests[key], rank(record.state) > rank(held.state) else { continue }
            newer.manifests[key] = record
        }
        for (id, record) in stored.outbox {
            guard let held = agency.state.outbox[id], held.state == .pending,
                  record.state != .pending || record.attempts > held.attempts else { continue }
            newer.outbox[id] = record
        }
        if !newer.manifests.isEmpty || !newer.outbox.isEmpty { agency.adopt(newer, replacing: true) }
    }

    /// How far an own manifest has got: submitted 0, delivered 1, terminal 2 (a peer's or a
    /// local manifest: 0, it does not move).
    static func rank(_ state: ManifestState) -> Int {
        switch state {
        case .submitted, .received, .local: 0
        case .delivered: 1
        case .assessed, .rejected, .undeliverable, .unassessed: 2
        }
    }
}
