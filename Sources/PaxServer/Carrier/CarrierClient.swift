import Foundation
public import PaxEDIFACT
public import PaxEDIFACTMapping

/// The airline's side of the carrier API (`paxsim carrier send`): a configuration file naming
/// the carrier, the agency's URL and the bearer token,
///
/// ```json
/// { "carrier": "TA", "agency": "http://127.0.0.1:8402", "tokenFile": "ta.token" }
/// ```
///
/// (or `"token"` inline; relative paths are resolved against the file's directory), and the
/// requests: post an interchange and read the CONTRL, fetch (or wait for) the CUSRES.
public struct CarrierClient: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var carrier: String
        public var agencyURL: String
        public var token: String

        public init(carrier: String, agencyURL: String, token: String) {
            self.carrier = carrier
            self.agencyURL = agencyURL
            self.token = token
        }

        /// Reads and checks a carrier configuration file; errors name the file, line and key.
        public static func load(path: String) throws(ConfigurationError) -> Configuration {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError(path: path, line: 0, keyPath: "", reason: "cannot be read")
            }
            guard data.count <= 64 * 1024 else { throw ConfigurationError(path: path, line: 0, keyPath: "", reason: "too large") }
            let root: JSONNode
            do {
                root = try JSONDocument.parse(Array(data))
            } catch {
                throw ConfigurationError(path: path, line: error.line, keyPath: "", reason: "invalid JSON at column \(error.column): \(error.message)")
            }
            let top = try ConfigurationReader(path: path, keyPath: "", node: root)
            try top.refuseUnknownKeys(["carrier", "agency", "token", "tokenFile"])
            let carrier = try top.requiredString("carrier")
            guard CarrierAccount.isValidCarrierId(carrier) else { throw top.fail("carrier", "expected 1 to 8 letters or digits") }
            let url = try top.requiredString("agency")
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", components.host?.isEmpty == false else {
                throw top.fail("agency", "expected the agency's http:// or https:// URL, found '\(url.prefix(200))'")
            }
            var token = try top.string("token")
            if let file = try top.string("tokenFile") {
                guard token == nil else { throw top.fail("tokenFile", "give token or tokenFile, not both") }
                let resolved = file.hasPrefix("/") ? file
                    : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(file).standardizedFileURL.path
                guard let bytes = FileManager.default.contents(atPath: resolved), bytes.count <= 4_096,
                      let text = String(data: bytes, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                    throw top.fail("tokenFile", "\(resolved): cannot be read, or is not a token of at most 4096 bytes")
                }
                token = text
            }
            guard let token else { throw top.missing("token") }
            guard token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw top.fail("token", "a token is printable ASCII without spaces")
            }
            return Configuration(carrier: carrier, agencyURL: url.hasSuffix("/") ? String(url.dropLast()) : url, token: token)
        }
    }

    /// The agency's answer to one interchange.
    public struct Sent: Sendable {
        public var status: Int
        public var contrl: [UInt8]
        /// The CONTRL read back (nil when the answer is not one, e.g. a 401 or 503).
        public var report: ControlReport?
        public var reference: String?
        public var duplicate: Bool
        /// The error text of an answer without CONTRL.
        public var error: String?
    }

    /// Where a CUSRES stands.
    public enum Fetched: Sendable {
        case ready(bytes: [UInt8], response: CUSRESResponse?)
        case pending
        case none(status: Int, reason: String)
    }

    public let configuration: Configuration
    let http: CarrierHTTPClient

    public init(configuration: Configuration, timeoutSeconds: Int64 = 60) {
        self.configuration = configuration
        http = CarrierHTTPClient(timeoutSeconds: timeoutSeconds, maxResponseBytes: 64 << 20)
    }

    private var authorization: (String, String) { ("Authorization", "Bearer " + configuration.token) }

    /// Posts one interchange; throws only when there is no HTTP answer.
    public func send(_ interchange: [UInt8]) async throws -> Sent {
        let answer = try await http.exchange(.POST, url: configuration.agencyURL + "/carrier/paxlst",
                                             headers: [authorization, ("Content-Type", "application/edifact")], body: interchange)
        let isEDIFACT = answer.headers["content-type"]?.hasPrefix("application/edifact") == true
        let report = isEDIFACT ? Self.readMessages(answer.body).compactMap(ControlReport.init).first : nil
        return Sent(status: answer.status, contrl: isEDIFACT ? answer.body : [], report: report,
                    reference: answer.headers["x-paxsim-carrier-reference"], duplicate: answer.headers["x-paxsim-duplicate"] == "true",
                    error: isEDIFACT ? nil : String(decoding: answer.body.prefix(2_000), as: UTF8.self))
    }

    /// Asks once for the CUSRES of `reference`.
    public func fetch(reference: String) async throws -> Fetched {
        let encoded = reference.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? reference
        let answer = try await http.exchange(.GET, url: configuration.agencyURL + "/carrier/responses/" + encoded,
                                             headers: [authorization], body: nil)
        switch answer.status {
        case 200: return .ready(bytes: answer.body, response: Self.readMessages(answer.body).compactMap(CUSRESResponse.init).first)
        case 202: return .pending
        default: return .none(status: answer.status, reason: String(decoding: answer.body.prefix(2_000), as: UTF8.self))
        }
    }

    /// Asks every `interval` until the CUSRES is there, an answer says none will come, or
    /// `timeout` passes (then `.pending`).
    public func waitForResponse(reference: String, timeout: Duration, interval: Duration = .milliseconds(200)) async throws -> Fetched {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let fetched = try await fetch(reference: reference)
            if case .pending = fetched, clock.now < deadline {
                try await Task.sleep(for: interval)
                continue
            }
            return fetched
        }
    }

    public func shutdown() async { await http.shutdown() }

    static func readMessages(_ bytes: [UInt8]) -> [EDIFACTMessage] {
        (try? InterchangeInput.read(bytes, options: .lenient))?.messages ?? []
    }
}
