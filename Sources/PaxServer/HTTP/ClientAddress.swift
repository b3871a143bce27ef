import Foundation

/// The address a request is accounted to (rate limits, refusal summaries): the connection's
/// remote host, or, when that host is a configured trusted proxy, the nearest address in
/// `X-Forwarded-For` that is not itself a trusted proxy. A forwarded address from anyone else
/// is ignored, so a client cannot pick the bucket it is charged to.
public struct ClientAddress: Sendable {
    public let trustedProxies: Set<String>

    public init(trustedProxies: [String]) {
        self.trustedProxies = Set(trustedProxies.map(Self.canonical))
    }

    /// The client's address for a connection from `remoteHost` carrying `forwardedFor`.
    public func resolve(remoteHost: String, forwardedFor: String?) -> String {
        let remote = Self.canonical(remoteHost)
        guard trustedProxies.contains(remote), let forwardedFor, forwardedFor.utf8.count <= 4_096 else { return remote }
        // Right to left: each hop appends the address it received from; the first one that is
        // not a trusted proxy is the client as far as our own proxies can vouch.
        for entry in forwardedFor.split(separator: ",").reversed() {
            let address = Self.canonical(entry.trimmingCharacters(in: .whitespaces))
            guard Self.isIPAddress(address) else { return remote }
            if !trustedProxies.contains(address) { return address }
        }
        return remote
    }

    /// True for a textual IPv4 or IPv6 address.
    public static func isIPAddress(_ text: String) -> Bool {
        guard text.utf8.count <= 64 else { return false }
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// `::ffff:1.2.3.4` as `1.2.3.4`, brackets removed, so one client has one key.
    static func canonical(_ address: String) -> String {
        var text = address
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.lowercased().hasPrefix("::ffff:"), isIPAddress(String(text.dropFirst(7))), text.contains(".") {
            text = String(text.dropFirst(7))
        }
        return text
    }
}
