import Foundation
import PaxTestSupport
import Hummingbird
import HummingbirdTesting
import PaxExchange
import Synchronization
import Testing
@testable import PaxServer

/// Client-side failover: a peer listed with several URLs (instances of one agency) is tried at
/// each in turn while an attempt fails to connect or gets a 5xx, and the URL that answered is
/// tried first from then on.
@Suite("Peer failover between URLs")
struct PeerFailoverTests {
    /// A signed frame the transport can map to a request (its content does not matter here).
    static func frame() throws -> [UInt8] {
        WireFrame.encode(try SignedMessage.signed(messageId: "SV-DGME:MAN:failover-1", correlationId: "", sender: "SV-DGME",
                                                  receiver: "US-CBP", createdAt: 1_000, payload: Array("<x/>".utf8),
                                                  key: SigningKey.random()))
    }

    /// A port nothing listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let app = try LoopbackPort()
        return app.port
    }

    /// A live server on 127.0.0.1 answering POST /messages with `status`, counting calls.
    static func withServer(_ status: HTTPResponse.Status, calls: CallCounter,
                           _ body: @Sendable @escaping (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("/messages") { _, _ -> Response in
            calls.hit()
            return Response(status: status)
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            try await body(try #require(client.port))
        }
    }

    @Test("connection refused and 503 are skipped, the instance that accepts is remembered and tried first next time")
    func failsOverAndRemembers() async throws {
        let overloaded = CallCounter()
        let healthy = CallCounter()
        let frame = try Self.frame()
        let dead = try Self.closedPort()
        try await Self.withServer(.serviceUnavailable, calls: overloaded) { busyPort in
            try await Self.withServer(.accepted, calls: healthy) { goodPort in
                let urls = ["http://127.0.0.1:\(dead)", "http://127.0.0.1:\(busyPort)", "http://127.0.0.1:\(goodPort)/"]
                let directory = PeerDirectory(["US-CBP": urls])
                let transport = HTTPPeerTransport(agency: "SV-DGME", peers: directory, timeoutSeconds: 30)
                let first = await transport.deliver(frame, to: "US-CBP")
                guard case .accepted = first else {
                    Issue.record("expected the third URL to accept, got \(first)")
                    await transport.shutdown()
                    return
                }
                #expect(overloaded.count == 1)
                #expect(healthy.count == 1)
                #expect(directory.url(of: "US-CBP") == "http://127.0.0.1:\(goodPort)")
                #expect(directory.urls(of: "US-CBP").count == 3)
                // The next delivery goes straight to the instance that worked.
                let second = await transport.deliver(frame, to: "US-CBP")
                if case .accepted = second {} else { Issue.record("second delivery: \(second)") }
                #expect(overloaded.count == 1)
                #expect(healthy.count == 2)
                await transport.shutdown()
            }
        }
    }

    @Test("when every URL fails, the delivery fails naming each, and a 4xx refusal is not retried elsewhere")
    func allFailAndClientErrorsStay() async throws {
        let frame = try Self.frame()
        let dead1 = try Self.closedPort()
        let dead2 = try Self.closedPort()
        let directory = PeerDirectory(["US-CBP": ["http://127.0.0.1:\(dead1)", "http://127.0.0.1:\(dead2)"]])
        let transport = HTTPPeerTransport(agency: "SV-DGME", peers: directory, timeoutSeconds: 10)
        let result = await transport.deliver(frame, to: "US-CBP")
        guard case .failed(let detail) = result else {
            Issue.record("expected a failure, got \(result)")
            await transport.shutdown()
            return
        }
        #expect(detail.contains(":\(dead1)") && detail.contains(":\(dead2)"), "\(detail)")
        await transport.shutdown()

        let refusing = CallCounter()
        let never = CallCounter()
        try await Self.withServer(.forbidden, calls: refusing) { refusingPort in
            try await Self.withServer(.accepted, calls: never) { otherPort in
                let directory = PeerDirectory(["US-CBP": ["http://127.0.0.1:\(refusingPort)", "http://127.0.0.1:\(otherPort)"]])
                let transport = HTTPPeerTransport(agency: "SV-DGME", peers: directory, timeoutSeconds: 30)
                let answer = await transport.deliver(frame, to: "US-CBP")
                if case .refused(let status, _) = answer { #expect(status == 403) } else { Issue.record("expected 403, got \(answer)") }
                #expect(refusing.count == 1)
                #expect(never.count == 0)
                await transport.shutdown()
            }
        }
    }
}

/// Requests a test server received.
final class CallCounter: Sendable {
    private let value = Mutex(0)
    func hit() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// A loopback port that was free a moment ago and has no listener now.
struct LoopbackPort {
    let port: Int

    init() throws { port = try FreePort.find() }
}
