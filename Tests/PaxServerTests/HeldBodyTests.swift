import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import PaxServer

/// The connection guard holds the body of a signed message unread until the server has
/// authenticated its head: a forged request costs its first segments, not the megabytes its
/// sender can push while the signature check waits for a thread.
@Suite("Held body")
struct HeldBodyTests {
    /// Counts the reads that reach the socket side of the pipeline.
    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = Any
        var reads = 0
        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    func makeChannel(paths: Set<String> = ["/messages"]) throws -> (EmbeddedChannel, ReadCounter) {
        let limits = ConnectionGate.Limits(maxConnections: 8, headTimeout: .seconds(10), bodyTimeout: .seconds(30),
                                           idleTimeout: .seconds(60), authenticatedBodyPaths: paths)
        let counter = ReadCounter()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(counter)
        try channel.pipeline.syncOperations.addHandler(ConnectionGate(limits: limits).makeHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, counter)
    }

    func head(_ method: HTTPRequest.Method, _ path: String) -> HTTPRequestPart {
        .head(HTTPRequest(method: method, scheme: "http", authority: "127.0.0.1", path: path))
    }

    @Test("after a signed message's head no read reaches the socket until the server says it is authenticated")
    func heldUntilAuthenticated() throws {
        let (channel, counter) = try makeChannel()
        defer { _ = try? channel.finish() }
        try channel.writeInbound(head(.post, "/messages"))
        channel.read()
        channel.read()
        #expect(counter.reads == 0)
        channel.triggerUserOutboundEvent(ConnectionGuardHandler.ReadBody(), promise: nil)
        #expect(counter.reads == 1)
        // Released: later reads go through as they are asked for.
        channel.read()
        #expect(counter.reads == 2)
    }

    @Test("a refusal written while the body is held starts the lingering drain; the next request is not held")
    func refusalReleases() throws {
        let (channel, counter) = try makeChannel()
        defer { _ = try? channel.finish() }
        try channel.writeInbound(head(.post, "/messages?x=1"))
        channel.read()
        #expect(counter.reads == 0)
        var fields = HTTPFields()
        fields[.connection] = "close"
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .unauthorized, headerFields: fields)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        // The linger reads (and discards) what is still arriving.
        #expect(counter.reads >= 1)
    }

    @Test("requests to other paths or with other methods are read as they come")
    func otherRequestsNotHeld() throws {
        for (method, path) in [(HTTPRequest.Method.get, "/messages"), (.post, "/carrier/paxlst"), (.get, "/health")] {
            let (channel, counter) = try makeChannel()
            try channel.writeInbound(head(method, path))
            channel.read()
            #expect(counter.reads == 1, "\(method) \(path)")
            _ = try? channel.finish()
        }
        let (channel, counter) = try makeChannel(paths: [])
        try channel.writeInbound(head(.post, "/messages"))
        channel.read()
        #expect(counter.reads == 1)
        _ = try? channel.finish()
    }

    @Test("an answer that keeps the connection open releases the held body so the server can drain it")
    func keptOpenAnswerReleases() throws {
        let (channel, counter) = try makeChannel()
        defer { _ = try? channel.finish() }
        try channel.writeInbound(head(.post, "/messages"))
        channel.read()
        #expect(counter.reads == 0)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .accepted)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(counter.reads == 1)
    }
}
