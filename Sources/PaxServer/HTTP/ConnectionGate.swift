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

        public init(maxConnections: Int, headTimeout: TimeAmount, bodyTimeout: TimeAmount, idleTimeout: TimeAmount) {
            self.maxConnections = max(1, maxConnections)
            self.headTimeout = headTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
        }

        public init(configuration: AgencyConfiguration.Limits) {
            self.init(maxConnections: configuration.maxConnections,
                      headTimeout: .milliseconds(Int64(configuration.headTimeoutMilliseconds)),
                      bodyTimeout: .milliseconds(Int64(configuration.bodyTimeoutMilliseconds)),
                      idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))
        }
    }

    public let limits: Limits
    private let open = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)
    private let headTimeouts = Atomic<Int>(0)
    private let bodyTimeouts = Atomic<Int>(0)

    public init(limits: Limits) {
        self.limits = limits
    }

    /// A fresh handler for one connection (Hummingbird's `additionalChannelHandlers`).
    public func makeHandler() -> ConnectionGuardHandler { ConnectionGuardHandler(gate: self) }

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

        """
    }
}
