import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import PaxExchange
import Synchronization

/// Delivers frames to peers with AsyncHTTPClient: `POST {peer url}/messages`, envelope in
/// `Pax-*` headers, payload as the body. Redirects are not followed (a peer that redirects is
/// misconfigured, and following would send signed traveller data somewhere unconfigured).
/// A peer's response is read up to `maxResponseBytes` (the agency's own `maxBodyBytes`); a
/// larger one is a failed delivery, never buffered.
///
/// With `tls`, peers are reached over mutual TLS: each connection presents the agency's
/// certificate and verifies the peer's against its pins or the peers' CA, asking for (SNI) and
/// checking the peer's agency name (`AgencyCertificateName`) rather than the URL's host. The
/// URL's host is still where the connection goes (AsyncHTTPClient's DNS override), so a
/// certificate of another agency at that address fails the handshake.
///
/// Client-side failover: a peer with several URLs (instances of one agency) is tried at each in
/// turn while the attempt fails to connect, times out or gets a 5xx without a signed answer; the
/// URL that answered is remembered and tried first next time. Sending the same frame to another
/// instance is safe: the peer deduplicates by (sender, id) and answers a copy with its first answer.
public struct HTTPPeerTransport: PeerTransport {
    public let agency: String
    /// Peer id → base URLs.
    public let peers: PeerDirectory
    let client: HTTPClient
    let timeout: TimeAmount
    public let maxResponseBytes: Int
    /// The agency's TLS material; nil: plain HTTP.
    public let tls: TLSMaterialStore?
    /// With TLS, one client per (peer, host), each overriding the peer's agency name to the host.
    private let tlsClients = TLSClients()

    public init(agency: String, peers: PeerDirectory, timeoutSeconds: Int64 = 30, maxResponseBytes: Int = 8 << 20,
                tls: TLSMaterialStore? = nil) {
        self.agency = agency
        self.peers = peers
        self.maxResponseBytes = max(1_024, maxResponseBytes)
        self.tls = tls
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.clientConfiguration(timeoutSeconds: timeoutSeconds))
        timeout = .seconds(timeoutSeconds)
    }

    static func clientConfiguration(timeoutSeconds: Int64, dnsOverride: [String: String] = [:]) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(timeoutSeconds))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        configuration.httpVersion = .http1Only
        configuration.dnsOverride = dnsOverride
        return configuration
    }

    /// The client and request URL for `peer` at `base`: the plain client, or (TLS) the
    /// peer's own client with the agency's name in the URL and the material's configuration.
    private func route(to peer: String, base: String) -> (client: HTTPClient, url: String, tls: TLSConfiguration?)? {
        guard let tls else { return (client, base + "/messages", nil) }
        guard let components = URLComponents(string: base), let host = components.host, !host.isEmpty,
              components.scheme?.lowercased() == "https",
              let configuration = tls.current.clientConfiguration(for: peer) else { return nil }
        let name = AgencyCertificateName.dnsName(of: peer)
        let port = components.port.map { ":\($0)" } ?? ""
        let client = tlsClients.client(for: "\(peer)|\(host)") {
            HTTPClient(eventLoopGroupProvider: .singleton,
                       configuration: Self.clientConfiguration(timeoutSeconds: Int64(timeout.nanoseconds / 1_000_000_000),
                                                               dnsOverride: [name: host]))
        }
        return (client, "https://\(name)\(port)\(components.percentEncodedPath)/messages", configuration)
    }

    public func deliver(_ frame: [UInt8], to peer: String) async -> DeliveryResult {
        let bases = peers.urls(of: peer)
        guard !bases.isEmpty else { return .failed("no URL configured for \(peer)") }
        let mapped: (headers: [(String, String)], body: [UInt8])
        do {
            mapped = try HTTPMessageMapping.headersAndBody(of: frame)
        } catch {
            return .failed("outgoing frame is malformed: \(error.description)")
        }
        var failures: [String] = []
        var last = DeliveryResult.failed("no URL configured for \(peer)")
        for base in bases {
            let result = await deliver(mapped, to: peer, base: base)
            guard Self.triesNextURL(after: result) else {
                if bases.count > 1 { peers.remember(base, for: peer) }
                return result
            }
            last = result
            if case .failed(let detail) = result { failures.append(detail) }
            if case .refused(let status, let code) = result { failures.append("\(peer) at \(base): HTTP \(status) \(code)") }
        }
        if bases.count > 1, case .failed = last { return .failed(failures.joined(separator: "; ")) }
        return last
    }

    /// Whether another URL of the peer may do better: the connection failed or timed out, or
    /// the instance answered 5xx (overloaded, or cannot reach its store) without a signed answer.
    static func triesNextURL(after result: DeliveryResult) -> Bool {
        switch result {
        case .failed: true
        case .refused(let status, _): status >= 500
        case .reply, .accepted: false
        }
    }

    /// One attempt at one of the peer's URLs.
    private func deliver(_ mapped: (headers: [(String, String)], body: [UInt8]), to peer: String, base: String) async -> DeliveryResult {
        guard let route = route(to: peer, base: base) else {
            return .failed("\(peer) at \(base): mutual TLS needs an https:// URL and \(peer) among the configured peers")
        }
        var request = HTTPClientRequest(url: route.url)
        request.tlsConfiguration = route.tls
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/xml")
        for (name, value) in mapped.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: mapped.body))
        do {
            let response = try await route.client.execute(request, timeout: timeout)
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
        for client in tlsClients.removeAll() { try? await client.shutdown() }
    }
}

/// The TLS transport's clients, made on first use.
final class TLSClients: Sendable {
    private let clients = Mutex<[String: HTTPClient]>([:])

    func client(for key: String, make: () -> HTTPClient) -> HTTPClient {
        clients.withLock { clients in
            if let existing = clients[key] { return existing }
            let made = make()
            clients[key] = made
            return made
        }
    }

    func removeAll() -> [HTTPClient] {
        clients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
    }
}
