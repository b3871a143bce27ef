import Foundation
public import NIOCore
import Synchronization

/// The connection limits of one listener, shared by all its connections: a cap on open
/// connections (beyond it a new connection gets 503 and is closed, instead of waiting in the
/// accept queue), a deadline for each request head and body (past it, 408 and close) and an
/// idle timeout between kept-alive requests. Counts what it refused, for `/metrics`.
public final class ConnectionGate: Sendable {
    public struct Limits: Sendable, Equatable {
        public var maxConnections: Int
        /// From a connection's opening, or from the first byte of a later request, to its complete head.
        public var headTimeout: TimeAmount
        /// From a request head to the end of its body.
        public var bodyTimeout: TimeAmount
        /// A kept-alive connection with no request in progress.
        public var idleTimeout: TimeAmount
        /// Lingering close: after refusing a request whose body is still arriving, the server
        /// half-closes (its answer is on the way) and reads and discards at most this many
        /// body bytes of an authenticated peer's request before closing, so that the client
        /// reads the answer instead of a connection reset.
        public var lingerBytes: Int
        /// The same for a request refused before authentication (a stranger's): small, so a
        /// flood of forged bodies costs little reading.
        public var strangerLingerBytes: Int
        /// How long a lingering connection is kept at most.
        public var lingerTimeout: TimeAmount
        /// The socket receive buffer of a connection until a request on it is authenticated
        /// (0: the kernel's default, which grows to many MiB). Small, so a stranger pushing a
        /// large body gets a small TCP window: the kernel holds little of it and the sender
        /// stalls instead of streaming bytes that will be discarded.
        public var strangerReceiveBufferBytes: Int
        /// The receive buffer once a request is authenticated and its body is larger than the
        /// stranger buffer (the kernel caps it at `net.core.rmem_max`).
        public var peerReceiveBufferBytes: Int
        /// Paths whose POST bodies are held unread until the application has authenticated
        /// the request head (see `ConnectionGuardHandler.ReadBody`); empty: none.
        public var authenticatedBodyPaths: Set<String>
        /// How long at least an address the application sheds (`ConnectionGate.shed`: it went on
        /// failing authentication past its rate limit) has its new connections closed at
        /// accept; 0: addresses are never shed.
        public var shedSeconds: Double
        var shedsAddresses: Bool { shedSeconds > 0 }
        /// Shed addresses are also dropped by a packet filter on the listening socket
        /// (`ListenerPacketFilter`), so their connection attempts never reach the agency.
        public var filtersShedPackets: Bool

        public init(maxConnections: Int, headTimeout: TimeAmount, bodyTimeout: TimeAmount, idleTimeout: TimeAmount,
                    lingerBytes: Int = 16 << 20, strangerLingerBytes: Int = 64 << 10,
                    lingerTimeout: TimeAmount = .seconds(2), strangerReceiveBufferBytes: Int = 0,
                    peerReceiveBufferBytes: Int = 4 << 20, authenticatedBodyPaths: Set<String> = [],
                    shedSeconds: Double = 0, filtersShedPackets: Bool = false) {
            self.maxConnections = max(1, maxConnections)
            self.headTimeout = headTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.lingerBytes = max(0, lingerBytes)
            self.strangerLingerBytes = max(0, strangerLingerBytes)
            self.lingerTimeout = lingerTimeout
            self.strangerReceiveBufferBytes = max(0, strangerReceiveBufferBytes)
            self.peerReceiveBufferBytes = max(0, peerReceiveBufferBytes)
            self.authenticatedBodyPaths = authenticatedBodyPaths
            self.shedSeconds = shedSeconds.isFinite ? min(max(0, shedSeconds), 3_600) : 0
            self.filtersShedPackets = filtersShedPackets
        }

        public init(configuration: AgencyServiceConfiguration.Limits) {
            self.init(maxConnections: configuration.maxConnections,
                      headTimeout: .milliseconds(Int64(configuration.headTimeoutMilliseconds)),
                      bodyTimeout: .milliseconds(Int64(configuration.bodyTimeoutMilliseconds)),
                      idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)),
                      strangerReceiveBufferBytes: configuration.strangerReceiveBufferBytes,
                      shedSeconds: configuration.shedRateLimitedAddresses ? 1 : 0,
                      filtersShedPackets: configuration.shedRateLimitedAddresses && configuration.filterShedAddressPackets)
        }
    }

    public let limits: Limits
    private let open = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)
    private let headTimeouts = Atomic<Int>(0)
    private let bodyTimeouts = Atomic<Int>(0)
    private let lingers = Atomic<Int>(0)
    private let drained = Atomic<Int>(0)
    private let shedding = Mutex(AddressShedding())
    private let shedConnectionCount = Atomic<Int>(0)
    private let filtered = Atomic<Int>(0)
    /// Where connections closed at accept are counted for the audit summaries (code `shed`).
    private let refusals: RefusalLedger?

    public init(limits: Limits, refusals: RefusalLedger? = nil) {
        self.limits = limits
        self.refusals = refusals
    }

    /// A fresh handler for one connection (Hummingbird's `additionalChannelHandlers`).
    public func makeHandler() -> ConnectionGuardHandler { ConnectionGuardHandler(gate: self) }

    /// Whether a POST to `path` (query ignored) has its body held until it is authenticated.
    func holdsBody(of path: String?) -> Bool {
        guard !limits.authenticatedBodyPaths.isEmpty, let path else { return false }
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        return limits.authenticatedBodyPaths.contains(bare)
    }

    /// Connections open now.
    public var openConnections: Int { open.load(ordering: .relaxed) }
    /// Connections refused with 503 because the cap was reached.
    public var refusedConnections: Int { refused.load(ordering: .relaxed) }
    /// Requests cut off with 408 (or closed) because their head or body was late.
    public var timeouts: (head: Int, body: Int) { (headTimeouts.load(ordering: .relaxed), bodyTimeouts.load(ordering: .relaxed)) }

    /// Admits a new connection, or counts it refused.
    func enter() -> Bool {
        let count = open.wrappingAdd(1, ordering: .relaxed).newValue
        guard count <= limits.maxConnections else {
            open.wrappingSubtract(1, ordering: .relaxed)
            refused.wrappingAdd(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func leave() { open.wrappingSubtract(1, ordering: .relaxed) }

    // MARK: Shedding

    /// Milliseconds on the monotonic clock the shedding table uses.
    private static func nowMilliseconds() -> Int64 { Int64(NIODeadline.now().uptimeNanoseconds / 1_000_000) }

    /// Sheds `address` (a canonical client address) for `seconds` or `limits.shedSeconds`,
    /// whichever is longer, unless it is proven; nothing when the limits do not shed.
    /// Returns whether it is shed.
    @discardableResult
    public func shed(_ address: String, seconds: Double) -> Bool {
        guard limits.shedsAddresses else { return false }
        let now = Self.nowMilliseconds()
        let wanted = seconds.isFinite ? max(seconds, limits.shedSeconds) : limits.shedSeconds
        let span = Int64((min(wanted, 3_600) * 1_000).rounded(.up))
        return shedding.withLock { $0.shed(address, until: now + span, now: now) }
    }

    /// Remembers that `address` sent a fully authenticated message: it is never shed.
    public func prove(_ address: String) {
        let now = Self.nowMilliseconds()
        shedding.withLock { $0.prove(address, now: now) }
    }

    /// Whether a new connection from `address` is closed at once (and counts it if so).
    func sheds(_ address: String) -> Bool {
        guard limits.shedsAddresses else { return false }
        let now = Self.nowMilliseconds()
        guard shedding.withLock({ $0.isShed(address, now: now) }) else { return false }
        shedConnectionCount.wrappingAdd(1, ordering: .relaxed)
        refusals?.record(code: "shed", claimedSender: nil, remote: address)
        return true
    }

    /// The addresses shed now (the listener's packet filter drops them), sorted.
    public func shedAddresses() -> [String] {
        guard limits.shedsAddresses else { return [] }
        let now = Self.nowMilliseconds()
        return shedding.withLock { $0.shedAddresses(now: now) }
    }

    /// How many addresses the listener's packet filter drops now (`ListenerPacketFilter`).
    public var filteredAddresses: Int { filtered.load(ordering: .relaxed) }

    func recordFiltered(count: Int) { filtered.store(count, ordering: .relaxed) }

    /// Connections closed at accept because their address was shed.
    public var shedConnections: Int { shedConnectionCount.load(ordering: .relaxed) }

    /// Sets a connection's socket receive buffer (`SO_RCVBUF`); nothing for 0 or a channel
    /// without the option (in-process test channels).
    static func setReceiveBuffer(_ channel: any Channel, bytes: Int) -> EventLoopFuture<Void> {
        guard bytes > 0 else { return channel.eventLoop.makeSucceededVoidFuture() }
        return channel.setOption(ChannelOptions.socketOption(.so_rcvbuf), value: SocketOptionValue(clamping: bytes))
            .recover { _ in }
    }

    /// Refusals answered with a lingering close, and the body bytes they read and discarded.
    public var lingering: (closes: Int, drainedBytes: Int) { (lingers.load(ordering: .relaxed), drained.load(ordering: .relaxed)) }

    func countLinger() { lingers.wrappingAdd(1, ordering: .relaxed) }

    func countDrained(_ bytes: Int) { drained.wrappingAdd(bytes, ordering: .relaxed) }

    func countTimeout(body: Bool) {
        if body {
            bodyTimeouts.wrappingAdd(1, ordering: .relaxed)
        } else {
            headTimeouts.wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// Metric lines for `/metrics`.
    func exposition() -> String {
        """
        # HELP paxsim_http_open_connections Connections open on the peer listener.
        # TYPE paxsim_http_open_connections gauge
        paxsim_http_open_connections \(openConnections)
        # HELP paxsim_http_connections_refused_total Connections refused with 503 at the connection cap.
        # TYPE paxsim_http_connections_refused_total counter
        paxsim_http_connections_refused_total \(refusedConnections)
        # HELP paxsim_http_timeouts_total Requests cut off because their head or body was late.
        # TYPE paxsim_http_timeouts_total counter
        paxsim_http_timeouts_total{phase="head"} \(timeouts.head)
        paxsim_http_timeouts_total{phase="body"} \(timeouts.body)
        # HELP paxsim_http_connections_shed_total Connections closed at accept: their address kept failing authentication past its rate limit.
        # TYPE paxsim_http_connections_shed_total counter
        paxsim_http_connections_shed_total \(shedConnections)
        # HELP paxsim_http_filtered_addresses Shed addresses whose packets the listener's socket filter drops now.
        # TYPE paxsim_http_filtered_addresses gauge
        paxsim_http_filtered_addresses \(filteredAddresses)
        # HELP paxsim_http_lingering_closes_total Refusals whose unread body was drained before closing.
        # TYPE paxsim_http_lingering_closes_total counter
        paxsim_http_lingering_closes_total \(lingering.closes)
        # HELP paxsim_http_drained_bytes_total Body bytes read and discarded by lingering closes.
        # TYPE paxsim_http_drained_bytes_total counter
        paxsim_http_drained_bytes_total \(lingering.drainedBytes)

        """
    }
}
