import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The few HTTP exchanges of the carrier API's two sides: the agency pushing a CUSRES to a
/// carrier's callback, and `paxsim carrier send` posting PAXLST and fetching answers.
/// Redirects are not followed; answers are read up to a bound, never whole.
public struct CarrierHTTPClient: Sendable {
    /// One answer: status, body and the headers (names in lower case).
    public struct Answer: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var headers: [String: String]
    }

    let client: HTTPClient
    let timeout: TimeAmount
    let maxResponseBytes: Int

    public init(timeoutSeconds: Int64 = 30, maxResponseBytes: Int = 8 << 20) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(timeoutSeconds))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        timeout = .seconds(timeoutSeconds)
        self.maxResponseBytes = max(1_024, maxResponseBytes)
    }

    /// Sends one request; throws when there is no answer (connection, timeout, oversized answer).
    func exchange(_ method: HTTPMethod, url: String, headers: [(String, String)], body: [UInt8]?) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: maxResponseBytes)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), body: Array(body.readableBytesView), headers: fields)
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
