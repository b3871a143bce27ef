import Synchronization

/// Where each peer agency listens (base URLs without a trailing slash). Set from the
/// configuration; the demo fills it in once both agencies have their ports.
public final class PeerDirectory: Sendable {
    private let urls: Mutex<[String: String]>

    public init(_ urls: [String: String] = [:]) {
        self.urls = Mutex(urls.mapValues(Self.trimmed))
    }

    public func url(of peer: String) -> String? { urls.withLock { $0[peer] } }

    public func set(_ peer: String, url: String) { urls.withLock { $0[peer] = Self.trimmed(url) } }

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
