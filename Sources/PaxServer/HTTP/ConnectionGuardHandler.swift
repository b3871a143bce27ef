import Foundation
import HTTPTypes
public import NIOCore
public import NIOHTTPTypes

/// Enforces a `ConnectionGate` on one connection, between Hummingbird's HTTP codec and its
/// request handling: refuses the connection at the cap, times the request head and body,
/// and closes the connection after any response that says `Connection: close` (so the body
/// of a refused request is never read, not even to drain it).
public final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private enum Phase {
        /// No request in progress; `sawBytes` once a byte of the next head has arrived.
        case awaitingHead(sawBytes: Bool)
        case readingBody
        /// The request is complete; the application is answering.
        case awaitingResponse
    }

    private enum Deadline { case idle, head, body }

    private let gate: ConnectionGate
    private var admitted = false
    private var refused = false
    private var phase = Phase.awaitingHead(sawBytes: false)
    private var responseInProgress = false
    /// The current request has been answered (its body may still be arriving).
    private var answered = false
    private var closeAfterResponse = false
    private var timer: Scheduled<Void>?
    private var armed: Deadline?

    init(gate: ConnectionGate) {
        self.gate = gate
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head:
            answered = false
            phase = .readingBody
            arm(.body, after: gate.limits.bodyTimeout, context: context)
        case .body:
            break
        case .end:
            if answered {
                phase = .awaitingHead(sawBytes: false)
                arm(.idle, after: gate.limits.idleTimeout, context: context)
            } else {
                phase = .awaitingResponse
                cancelTimer()
            }
        }
        context.fireChannelRead(data)
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        // Bytes arrived without completing a head: on a kept-alive connection the head deadline
        // runs from now; on a new one it has been running since the connection opened.
        if case .awaitingHead(let sawBytes) = phase, !sawBytes, !refused {
            phase = .awaitingHead(sawBytes: true)
            if armed == .idle { arm(.head, after: gate.limits.headTimeout, context: context) }
        }
        context.fireChannelReadComplete()
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            responseInProgress = true
            if response.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
        case .body:
            break
        case .end:
            responseInProgress = false
            answered = true
            if closeAfterResponse {
                cancelTimer()
                context.writeAndFlush(data, promise: promise)
                context.close(promise: nil)
                return
            }
            if case .awaitingResponse = phase {
                phase = .awaitingHead(sawBytes: false)
                arm(.idle, after: gate.limits.idleTimeout, context: context)
            }
        }
        context.write(data, promise: promise)
    }

    // MARK: -

    private func admit(_ context: ChannelHandlerContext) {
        guard !admitted, !refused else { return }
        if gate.enter() {
            admitted = true
            arm(.head, after: gate.limits.headTimeout, context: context)
        } else {
            refused = true
            refuse(context, status: .serviceUnavailable, code: "too-many-connections",
                   reason: "the agency has \(gate.limits.maxConnections) connections open; retry later", retryAfter: true)
        }
    }

    private func release() {
        cancelTimer()
        if admitted {
            admitted = false
            gate.leave()
        }
    }

    private func arm(_ deadline: Deadline, after amount: TimeAmount, context: ChannelHandlerContext) {
        cancelTimer()
        armed = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: amount) { [self] in
            timer = nil
            armed = nil
            expired(deadline, context: context)
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        armed = nil
    }

    private func expired(_ deadline: Deadline, context: ChannelHandlerContext) {
        switch deadline {
        case .idle:
            context.close(promise: nil)
        case .head:
            gate.countTimeout(body: false)
            if case .awaitingHead(sawBytes: true) = phase, !responseInProgress {
                refuse(context, status: .requestTimeout, code: "head-timeout",
                       reason: "the request head did not arrive within \(gate.limits.headTimeout.nanoseconds / 1_000_000) ms", retryAfter: false)
            } else {
                context.close(promise: nil)
            }
        case .body:
            gate.countTimeout(body: true)
            if !responseInProgress && !answered {
                refuse(context, status: .requestTimeout, code: "body-timeout",
                       reason: "the request body did not arrive within \(gate.limits.bodyTimeout.nanoseconds / 1_000_000) ms", retryAfter: false)
            } else {
                context.close(promise: nil)
            }
        }
    }

    /// Writes a JSON error response straight to the codec and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, status: HTTPResponse.Status, code: String, reason: String, retryAfter: Bool) {
        let body = ByteBuffer(bytes: HTTPErrorBody.bytes(code: code, reason: reason))
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(body.readableBytes)
        fields[.connection] = "close"
        if retryAfter { fields[.retryAfter] = "1" }
        answered = true
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }
}
