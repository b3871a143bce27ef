import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PaxExchange

/// Delivers frames to peers with AsyncHTTPClient: `POST {peer url}/messages`, envelope in
/// `Pax-*` headers, payload as the body. Redirects are not followed (a peer that redirects is
/// misconfigured, and following would send signed traveller data somewhere unconfigured).
/// A peer's response is read up to `maxResponseBytes` (the agency's own `maxBodyBytes`); a
/// larger one is a failed delivery, never buffered.
public struct HTTPPeerTransport: PeerTransport {
    public let agency: String
    /// Peer id → base URL.
    public let peers: PeerDirectory
    let client: HTTPClient
    let timeout: TimeAmount
    public let maxResponseBytes: Int

    public init(agency: String, peers: PeerDirectory, timeoutSeconds: Int64 = 30, maxResponseBytes: Int = 8 << 20) {
        self.agency = agency
        self.peers = peers
        self.maxResponseBytes = max(1_024, maxResponseBytes)
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(timeoutSeconds))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        timeout = .seconds(timeoutSeconds)
    }

    public func deliver(_ frame: [UInt8], to peer: String) async -> DeliveryResult {
        guard let base = peers.url(of: peer) else { return .failed("no URL configured for \(peer)") }
        let mapped: (headers: [(String, String)], body: [UInt8])
        do {
            mapped = try HTTPMessageMapping.headersAndBody(of: frame)
        } catch {
            return .failed("outgoing frame is malformed: \(error.description)")
        }
        var request = HTTPClientRequest(url: base + "/messages")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/xml")
        for (name, value) in mapped.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: mapped.body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared > maxResponseBytes {
                return .failed("\(peer) answered with \(declared) bytes, more than the \(maxResponseBytes) accepted")
            }
            let body = try await response.body.collect(upTo: maxResponseBytes)
            let headers = response.headers.map { ($0.name, $0.value) }
            let status = Int(response.status.code)
            if HTTPMessageMapping.hasEnvelope(headers) {
                do {
                    return .reply(try HTTPMessageMapping.frame(headers: headers, body: Array(body.readableBytesView)))
                } catch {
                    return .failed("\(peer) answered \(status) with a malformed envelope: \(error.description)")
                }
            }
            if status == 202 || status == 200 { return .accepted }
            return .refused(status: status, code: HTTPErrorBody.code(in: Array(body.readableBytesView)) ?? "http-\(status)")
        } catch {
            return .failed("\(peer) at \(base): \(error)")
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
