import AsyncHTTPClient
import Foundation
import NIOCore
import PaxExchange

/// The agency operator's side of `POST /operator/messages` and `GET /messages/{id}`: signs
/// with the agency's own key (read from its configuration) and talks to the agency's
/// operator listener (its Unix socket or loopback port; never the peer listener). Used by
/// `paxsim agency submit` and `paxsim agency status`.
public struct OperatorClient: Sendable {
    public let agency: String
    public let baseURL: String
    let key: SigningKey
    let client: HTTPClient

    /// A client for the agency that `file` configures, at `url` (default: its operator listener;
    /// a Unix socket is given as `http+unix://` with the percent-encoded socket path as host).
    public init(file: AgencyServiceConfiguration, url: String? = nil) throws(AgencySetupError) {
        do {
            let pair = try AgencyKeyPair.load(path: file.privateKeyPath)
            key = try pair.exchangeSigningKey()
        } catch {
            throw AgencySetupError(String(describing: error))
        }
        agency = file.agency
        baseURL = PeerDirectory.trimmed(url ?? Self.operatorURL(file.operatorListener))
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The base URL of an operator listener.
    public static func operatorURL(_ listener: AgencyServiceConfiguration.OperatorListener) -> String {
        switch listener {
        case .loopback(let host, let port):
            return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .unixSocket(let path):
            let encoded = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? path
            return "http+unix://\(encoded)"
        }
    }

    /// An answer: HTTP status and body text.
    public struct Answer: Sendable {
        public var status: Int
        public var body: String
    }

    /// Sends `payload` (a TravelerManifest or AssistanceRequest) for the agency to act on.
    public func submit(_ payload: [UInt8]) async throws -> Answer {
        let message = try SignedMessage.signed(messageId: "OP:" + UUID().uuidString, correlationId: "", sender: agency,
                                               receiver: agency, createdAt: LiveAgency.now(), payload: payload, key: key)
        var request = HTTPClientRequest(url: baseURL + "/operator/messages")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/xml")
        for (name, value) in message.headerFields { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: payload))
        return try await execute(request)
    }

    /// The status of a message, as this agency's operator sees it.
    public func status(of messageId: String) async throws -> Answer {
        // Message ids are letters, digits and - _ . : (all safe in a path segment); anything else is escaped.
        let escaped = AgencyHTTPServer.isPlausibleMessageId(messageId)
            ? messageId : (messageId.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? messageId)
        var request = HTTPClientRequest(url: baseURL + "/messages/" + escaped)
        for (name, value) in try StatusRequestSignature.headers(messageId: messageId, sender: agency, receiver: agency, key: key) {
            request.headers.add(name: name, value: value)
        }
        return try await execute(request)
    }

    private func execute(_ request: HTTPClientRequest) async throws -> Answer {
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), body: String(buffer: body))
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
