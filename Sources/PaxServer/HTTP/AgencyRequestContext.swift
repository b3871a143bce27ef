public import Hummingbird
public import NIOCore

/// The request context of an agency's HTTP server: Hummingbird's core context plus the remote
/// address (for rate limiting and audit when no peer identity is known).
public struct AgencyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `ip:port` of the client, or `unknown` (in-process tests have no socket).
    public let remoteAddress: String
    /// The connection (to widen its receive window once a request is authenticated).
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
        if let address = source.channel.remoteAddress {
            remoteAddress = address.ipAddress.map { "\($0):\(address.port ?? 0)" } ?? "\(address)"
        } else {
            remoteAddress = "unknown"
        }
    }

    /// The remote host without the port: the rate-limiting key for unknown senders.
    public var remoteHost: String {
        guard let colon = remoteAddress.lastIndex(of: ":"), remoteAddress != "unknown" else { return remoteAddress }
        return String(remoteAddress[..<colon])
    }
}
