import Synchronization

/// Where each peer agency listens: one or more base URLs (without a trailing slash) per peer,
/// in the configured order. With several (instances of the peer behind no common address), the
/// transport tries them in turn and the directory remembers the one that last worked, so it is
/// tried first next time. Set from the configuration; the demo fills it in once both agencies
/// have their ports.
public final class PeerDirectory: Sendable {
    private struct Entry {
        var urls: [String]
        /// Index in `urls` of the one that last worked.
        var preferred = 0
    }

    private let entries: Mutex<[String: Entry]>

    /// One URL per peer.
    public init(_ urls: [String: String] = [:]) {
        entries = Mutex(urls.mapValues { Entry(urls: [Self.trimmed($0)]) })
    }

    /// Several URLs per peer, tried in order (a peer with none is left out).
    public init(_ urls: [String: [String]]) {
        entries = Mutex(urls.filter { !$0.value.isEmpty }.mapValues { Entry(urls: $0.map(Self.trimmed)) })
    }

    /// The URL tried first for `peer`.
    public func url(of peer: String) -> String? { urls(of: peer).first }

    /// Every URL of `peer`, the one that last worked first, then the others in configured order.
    public func urls(of peer: String) -> [String] {
        entries.withLock { entries in
            guard let entry = entries[peer], entry.urls.indices.contains(entry.preferred) else { return entries[peer]?.urls ?? [] }
            var ordered = [entry.urls[entry.preferred]]
            for (index, url) in entry.urls.enumerated() where index != entry.preferred { ordered.append(url) }
            return ordered
        }
    }

    /// Replaces `peer`'s URLs with one.
    public func set(_ peer: String, url: String) { entries.withLock { $0[peer] = Entry(urls: [Self.trimmed(url)]) } }

    /// Records that `url` worked for `peer`: it is tried first from now on.
    public func remember(_ url: String, for peer: String) {
        entries.withLock { entries in
            guard let index = entries[peer]?.urls.firstIndex(of: url) else { return }
            entries[peer]?.preferred = index
        }
    }

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
