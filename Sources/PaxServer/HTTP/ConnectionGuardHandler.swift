import Foundation
import HTTPTypes
public import NIOCore
public import NIOHTTPTypes

/// Enforces a `ConnectionGate` on one connection, between Hummingbird's HTTP codec and its
/// request handling: refuses the connection at the cap, times the request head and body,
/// and closes the connection after any response that says `Connection: close`.
///
/// Lingering close: when such a response is written while the request's body is still
/// arriving (a refusal decided from the head: 413, 401, 429...), closing at once would make
/// the kernel answer the unread bytes with a reset, which can destroy the answer before the
/// client reads it. The handler instead sends the answer, half-closes (FIN), and reads and
/// discards what still arrives, bounded by bytes (`lingerBytes` for an authenticated peer's
/// request, marked by the server with `lingerHeader`; `strangerLingerBytes` otherwise; none
/// when the server marks it `noLinger`) and by `lingerTimeout`, then closes. Discarded bytes never reach the application.
///
/// Held body: the body of a request to a path whose sender is authenticated from the head
/// (`Limits.authenticatedBodyPaths`) is not read from the socket until the application says
/// the head is authenticated (`ReadBody`, sent with `Channel.triggerUserOutboundEvent`) or
/// answers. Until then the kernel's receive window fills and the sender stalls, so a forged
/// request costs the bytes of its first segments, not megabytes read and parsed while its
/// signature waits for a thread.
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
        /// Answered and half-closed; the rest of the body is read and discarded, at most
        /// `remaining` more bytes.
        case lingering(remaining: Int)
    }

    private enum Deadline { case idle, head, body, linger }

    /// Sent by the application (`Channel.triggerUserOutboundEvent`) once a held request's head
    /// is authenticated: its body may now be read.
    public struct ReadBody: Sendable, Equatable {
        public init() {}
    }

    /// The response header by which the server marks a refusal of an authenticated peer's
    /// request (its body may be drained up to `lingerBytes`); removed before the response is sent.
    public static let lingerHeader = "x-paxsim-linger"
    /// `lingerHeader`'s value for a refusal closed at once, without draining (a client that
    /// is already being rate-limited for refused requests: its next answer is not worth reading
    /// its body for).
    public static let noLinger = "none"
    private static let lingerField = HTTPField.Name(lingerHeader)

    private let gate: ConnectionGate
    private var admitted = false
    private var refused = false
    private var phase = Phase.awaitingHead(sawBytes: false)
    private var responseInProgress = false
    /// The current request has been answered (its body may still be arriving).
    private var answered = false
    private var closeAfterResponse = false
    /// Bytes the current refusal may drain (set from the response head).
    private var lingerBudget = 0
    private var timer: Scheduled<Void>?
    private var armed: Deadline?
    /// The current request's body is held: reads asked for meanwhile wait in `deferredRead`.
    private var holdingBody = false
    private var deferredRead = false

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
        if case .lingering(let remaining) = phase {
            discard(unwrapInboundIn(data), remaining: remaining, context: context)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let request):
            answered = false
            phase = .readingBody
            holdingBody = request.method == .post && gate.holdsBody(of: request.path)
            arm(.body, after: gate.limits.bodyTimeout, context: context)
        case .body:
            break
        case .end:
            releaseBody(context: context)
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
        if case .lingering = phase {
            // The application no longer reads this request (its reads may be held back by
            // its own buffer): keep the socket read so the rest can be discarded.
            context.read()
        }
        context.fireChannelReadComplete()
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .lingering = phase, let event = event as? ChannelEvent, event == .inputClosed {
            // The client stopped sending: nothing left to drain.
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response):
            responseInProgress = true
            if response.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
            if let field = Self.lingerField, let marker = response.headerFields[field] {
                response.headerFields[field] = nil
                lingerBudget = marker == Self.noLinger ? 0 : gate.limits.lingerBytes
                context.write(wrapOutboundOut(.head(response)), promise: promise)
                return
            }
            lingerBudget = gate.limits.strangerLingerBytes
        case .body:
            break
        case .end:
            responseInProgress = false
            answered = true
            if closeAfterResponse {
                holdingBody = false
                deferredRead = false
                cancelTimer()
                if case .readingBody = phase, lingerBudget > 0 {
                    linger(context: context, end: data, promise: promise)
                    return
                }
                context.writeAndFlush(data, promise: promise)
                context.close(promise: nil)
                return
            }
            if case .awaitingResponse = phase {
                phase = .awaitingHead(sawBytes: false)
                arm(.idle, after: gate.limits.idleTimeout, context: context)
            }
            // Answered and kept open: whatever is left of the body is the server's to drain.
            context.write(data, promise: promise)
            releaseBody(context: context)
            return
        }
        context.write(data, promise: promise)
    }

    public func read(context: ChannelHandlerContext) {
        guard holdingBody else {
            context.read()
            return
        }
        deferredRead = true
    }

    public func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is ReadBody else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        releaseBody(context: context)
        promise?.succeed(())
    }

    // MARK: -

    /// Stops holding the body and performs the read asked for meanwhile.
    private func releaseBody(context: ChannelHandlerContext) {
        guard holdingBody else { return }
        holdingBody = false
        if deferredRead {
            deferredRead = false
            context.read()
        }
    }

    /// Sends the answer's end, half-closes once it is written, and starts discarding the body.
    private func linger(context: ChannelHandlerContext, end: NIOAny, promise: EventLoopPromise<Void>?) {
        phase = .lingering(remaining: lingerBudget)
        gate.countLinger()
        arm(.linger, after: gate.limits.lingerTimeout, context: context)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.cascade(to: promise)
        context.writeAndFlush(end, promise: written)
        written.futureResult.assumeIsolated().whenComplete { result in
            switch result {
            case .success: context.close(mode: .output, promise: nil)
            case .failure: context.close(promise: nil)
            }
        }
        context.read()
    }

    /// A part of a request being drained: counted and dropped; the connection closes at the
    /// request's end, the next head, or once the budget is spent.
    private func discard(_ part: HTTPRequestPart, remaining: Int, context: ChannelHandlerContext) {
        switch part {
        case .body(let buffer):
            let left = remaining - buffer.readableBytes
            gate.countDrained(buffer.readableBytes)
            if left < 0 {
                context.close(promise: nil)
            } else {
                phase = .lingering(remaining: left)
            }
        case .head, .end:
            context.close(promise: nil)
        }
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard !admitted, !refused else { return }
        if gate.limits.shedsAddresses, let host = context.channel.remoteAddress?.ipAddress,
           gate.sheds(ClientAddress.canonical(host)) {
            // Shed: closed before a byte of it is read (see `AddressShedding`).
            refused = true
            context.close(promise: nil)
            return
        }
        if gate.enter() {
            admitted = true
            arm(.head, after: gate.limits.headTimeout, context: context)
            _ = ConnectionGate.setReceiveBuffer(context.channel, bytes: gate.limits.strangerReceiveBufferBytes)
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
        case .idle, .linger:
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
