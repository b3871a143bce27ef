import Foundation

/// One agency's configuration (`paxsim agency serve --config FILE`), read from a JSON file:
///
/// ```json
/// {
///   "agency": "US-CBP",
///   "territory": ["IAH", "JFK", "MIA"],
///   "listen": { "host": "127.0.0.1", "port": 8401 },
///   "database": "us-cbp.sqlite",
///   "privateKey": "keys/US-CBP.key",
///   "peers": [
///     { "agency": "SV-DGME", "url": "http://127.0.0.1:8402", "publicKey": "keys/SV-DGME.pub",
///       "territory": ["SAL"] }
///   ],
///   "watchList": "watchlist.xml",
///   "rules": "rules.yaml",
///   "operator": { "socket": "us-cbp.operator.sock" },
///   "trustedProxies": [],
///   "limits": { "maxBodyBytes": 8388608, "replayWindowSeconds": 300,
///               "ratePerPeer": { "perSecond": 20, "burst": 40 },
///               "rateUnauthenticated": { "perSecond": 5, "burst": 20 },
///               "headTimeoutMilliseconds": 5000, "bodyTimeoutMilliseconds": 30000,
///               "idleTimeoutSeconds": 60, "maxConnections": 512,
///               "maxBodyBytesInFlight": 67108864, "refusalSummarySeconds": 60,
///               "strangerReceiveBufferBytes": 0, "shedRateLimitedAddresses": true,
///               "filterShedAddressPackets": true },
///   "retention": { "maskAfterDays": 180 },
///   "carriers": [ { "carrier": "UA", "tokenSha256": "<64 hex digits>", "peer": "US-CBP" } ],
///   "timing": { "retryBaseMilliseconds": 1000, "retryCapMilliseconds": 30000, "maxAttempts": 10,
///               "assessmentDeadlineSeconds": 900 }
/// }
/// ```
///
/// PostgreSQL instead of SQLite (several instances of one agency over one database):
/// `"database": "postgres://USER[:PASSWORD]@HOST:PORT/DATABASE"`, or `"postgres": {"host": ...,
/// "port": 5432, "user": ..., "password": ..., "database": ...}` instead of `"database"`; each
/// instance names itself with `"instance"` (or `--instance`), recorded in the audit records it
/// writes; `timing.outboxLeaseSeconds` is how long an instance holds an outgoing message it is
/// delivering before another may take it over. A peer running several instances may be listed
/// with `"urls": [...]` (beside or instead of `"url"`): they are tried in turn.
///
/// Relative paths are resolved against the configuration file's directory. Unknown keys are
/// refused. Only `agency`, `listen.port`, `database` and `privateKey` are required. A
/// territory is the IATA codes of the airports an agency controls: it decides which travellers
/// an assistance answer may show a peer (those bound for the peer's territory).
///
/// The service's file configuration, from which it derives the exchange core's
/// `AgencyConfiguration` (PaxExchange: id, peers' keys, screening, timing).
public struct AgencyServiceConfiguration: Sendable, Equatable {
    /// A peer agency: where to reach it and the key its messages must be signed with.
    public struct Peer: Sendable, Equatable {
        public var agency: String
        public var url: String
        public var publicKeyPath: String
        public var territory: [String] = []
        /// Pinned TLS certificates of the peer (PEM files; one, or two during a change-over):
        /// when given, only these are accepted from the peer, whatever `tls.peersCA` says.
        public var certificatePaths: [String] = []
        /// Further URLs of the same peer (its other instances), tried after `url` fails.
        public var alternateURLs: [String] = []

        /// Every URL of the peer, `url` first.
        public var urls: [String] { [url] + alternateURLs }
    }

    /// Retry timing of outgoing messages (see `PaxExchange.ExchangeTiming`).
    public struct Timing: Sendable, Equatable {
        public var retryBaseMilliseconds = 1_000
        public var retryCapMilliseconds = 30_000
        public var maxAttempts = 10
        public var assessmentDeadlineSeconds = 900
        /// How long an instance on a shared store holds an outgoing message it is delivering
        /// (longer than a delivery takes); after it, another instance may take the message over.
        public var outboxLeaseSeconds = 30
    }

    /// Per-peer token bucket: `perSecond` tokens added each second, at most `burst` stored.
    public struct RateLimit: Sendable, Equatable {
        public var perSecond: Int
        public var burst: Int

        public init(perSecond: Int, burst: Int) {
            self.perSecond = perSecond
            self.burst = burst
        }
    }

    public struct Limits: Sendable, Equatable {
        /// Largest request body accepted; larger ones get 413 before being read.
        public var maxBodyBytes: Int = 8 * 1024 * 1024
        /// How far a message's creation time may lie from the receiver's clock.
        public var replayWindowSeconds: Int = 300
        public var ratePerPeer = RateLimit(perSecond: 20, burst: 40)
        /// Refusals before authentication, per client address: once its bucket is empty, the
        /// address's unauthenticated requests get 429 (authenticated peers are not affected).
        public var rateUnauthenticated = RateLimit(perSecond: 5, burst: 20)
        /// From a connection's first byte (or its opening) to a complete request head; past it, 408.
        public var headTimeoutMilliseconds = 5_000
        /// From a request head to the end of its body; past it, 408.
        public var bodyTimeoutMilliseconds = 30_000
        /// A kept-alive connection with no request in progress is closed after this long.
        public var idleTimeoutSeconds = 60
        /// Open connections on the peer listener; beyond, a new one gets 503 and is closed.
        public var maxConnections = 512
        /// Bytes of authenticated request bodies held at once; beyond, 503 with Retry-After.
        public var maxBodyBytesInFlight = 64 * 1024 * 1024
        /// Refusals before authentication are written to the audit log as one record per
        /// (code, claimed sender, remote address) and interval of this many seconds.
        public var refusalSummarySeconds = 60
        /// A connection's socket receive buffer until a request on it is authenticated (a
        /// stranger's large body gets a small TCP window); 0, the default, keeps the kernel's
        /// (the effect on a flood is not shown yet: see the README's flood figures).
        public var strangerReceiveBufferBytes = 0
        /// An address that goes on failing authentication after its refusals are rate-limited
        /// has its new connections closed at accept until its bucket refills, unless a message
        /// from it was authenticated before (see `AddressShedding`); false answers each with 429.
        public var shedRateLimitedAddresses = true
        /// Shed addresses are dropped by a socket filter on the peer listener (Linux), so their
        /// connection attempts cost the agency nothing until their shedding ends; false: they
        /// are closed at accept only.
        public var filterShedAddressPackets = true

        /// The defaults.
        public init() {}
    }

    /// Where the analyst's console (PaxConsole) listens: a host and port, loopback unless the
    /// console is served over TLS (or `plaintext: "allowed"` says plain HTTP elsewhere is wanted).
    public struct ConsoleListener: Sendable, Equatable {
        public var host: String
        public var port: Int
        /// HTTPS for browsers (`console.tls`); nil: plain HTTP.
        public var tls: ConsoleTLSSettings?
        /// `console.plaintext: "allowed"`: plain HTTP on a non-loopback address asked for explicitly.
        public var plaintextAllowed: Bool

        public init(host: String, port: Int, tls: ConsoleTLSSettings? = nil, plaintextAllowed: Bool = false) {
            self.host = host
            self.port = port
            self.tls = tls
            self.plaintextAllowed = plaintextAllowed
        }
    }

    /// Where the operator endpoint (`POST /operator/messages`, the operator's status queries)
    /// listens: never on the peer listener.
    public enum OperatorListener: Sendable, Equatable {
        /// A Unix domain socket (mode 0600), the default: `<database>.operator.sock`.
        case unixSocket(path: String)
        /// A TCP port on a loopback address.
        case loopback(host: String, port: Int)
    }

    public var agency: String
    /// IATA codes of this agency's airports.
    public var territory: [String]
    public var listenHost: String
    public var listenPort: Int
    /// The SQLite file; on PostgreSQL, the database's URL without its password (for messages).
    public var databasePath: String
    /// Where the PostgreSQL database is; nil: the SQLite file `databasePath` (the default).
    public var postgres: PostgresLocation?
    /// This instance's name (several instances of one agency share a PostgreSQL database).
    public private(set) var instance: String
    /// Set when the operator socket's place was chosen for the instance (PostgreSQL, no `operator` section).
    private var instanceSocketDirectory: String?
    public var privateKeyPath: String
    public var peers: [Peer]
    public var watchListPath: String?
    public var rulesPath: String?
    public var limits: Limits
    /// The operator listener (a Unix socket beside the database unless configured).
    public var operatorListener: OperatorListener
    /// The console's listener (`"console": {"listen": "127.0.0.1:0", "tls": {...}}`); nil: no console.
    public var console: ConsoleListener?
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed; from anyone else
    /// the header is ignored and the connection's address is the client's.
    public var trustedProxies: [String]
    public var retention: RetentionPolicy
    public var timing: Timing
    /// Airlines allowed to send PAXLST to `/carrier/paxlst` (see `CarrierAccount`).
    public var carriers: [CarrierAccount]
    /// The file this was read from.
    public var sourcePath: String
    /// Mutual TLS on the peer listener and towards peers; nil: plain HTTP.
    public var tls: AgencyTLSSettings?
    /// `listen.plaintext: "allowed"`: plain HTTP on a non-loopback address was asked for
    /// explicitly (without it, such a configuration is refused).
    public var plaintextAllowed: Bool

    /// Reads and checks a configuration file.
    public static func load(path: String) throws(ConfigurationError) -> AgencyServiceConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(path: path, line: 0, keyPath: "",
                                     reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        guard data.count <= 1024 * 1024 else {
            throw ConfigurationError(path: path, line: 0, keyPath: "", reason: "too large for a configuration file (\(data.count) bytes)")
        }
        return try AgencyServiceConfiguration(json: Array(data), path: path)
    }

    /// Parses configuration JSON; `path` names the file in errors and anchors relative paths.
    public init(json: [UInt8], path: String) throws(ConfigurationError) {
        guard String(validating: json, as: UTF8.self) != nil else {
            throw ConfigurationError(path: path, line: 0, keyPath: "", reason: "not UTF-8 text")
        }
        let root: JSONNode
        do {
            root = try JSONDocument.parse(json)
        } catch {
            throw ConfigurationError(path: path, line: error.line, keyPath: "",
                                     reason: "invalid JSON at column \(error.column): \(error.message)")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).standardizedFileURL.path
        }
        let top = try ConfigurationReader(path: path, keyPath: "", node: root)
        try top.refuseUnknownKeys(["agency", "territory", "listen", "database", "postgres", "instance", "privateKey", "peers",
                                   "watchList", "rules", "limits", "retention", "timing", "operator", "trustedProxies", "console",
                                   "tls", "carriers"])

        agency = try top.requiredString("agency")
        if let problem = AgencyIdentifier.problem(with: agency) { throw top.fail("agency", problem) }
        territory = try top.airportCodes("territory")

        guard let listen = try top.object("listen") else { throw top.missing("listen") }
        try listen.refuseUnknownKeys(["host", "port", "plaintext"])
        listenHost = try listen.string("host") ?? "127.0.0.1"
        guard let port = try listen.integer("port", in: 0...65_535) else { throw listen.missing("port") }
        listenPort = port
        if let plaintext = try listen.string("plaintext"), plaintext != "allowed" {
            throw listen.fail("plaintext", "the only value is \"allowed\" (plain HTTP on a non-loopback address), found '\(plaintext)'")
        }
        plaintextAllowed = try listen.string("plaintext") != nil

        let database = try top.string("database")
        if let section = try top.object("postgres") {
            if database != nil { throw top.fail("postgres", "give either \"database\" or \"postgres\", not both") }
            try section.refuseUnknownKeys(["host", "port", "user", "password", "database"])
            postgres = PostgresLocation(host: try section.string("host") ?? "127.0.0.1", port: try section.integer("port", in: 1...65_535) ?? 5432,
                                        user: try section.requiredString("user"), password: try section.string("password"),
                                        database: try section.requiredString("database"))
        } else if let database, database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            do {
                postgres = try PostgresLocation(url: database)
            } catch {
                throw top.fail("database", error.description)
            }
        } else {
            postgres = nil
        }
        if let postgres {
            databasePath = postgres.description
        } else {
            guard let database else { throw top.missing("database") }
            databasePath = resolve(database)
        }
        instance = try top.string("instance") ?? "main"
        if let problem = Self.instanceNameProblem(instance) { throw top.fail("instance", problem) }
        privateKeyPath = resolve(try top.requiredString("privateKey"))
        watchListPath = try top.string("watchList").map(resolve)
        rulesPath = try top.string("rules").map(resolve)

        var peers: [Peer] = []
        var peerURLLines: [Int] = []
        for (index, node) in (try top.array("peers") ?? []).enumerated() {
            let peer = try ConfigurationReader(path: path, keyPath: "peers[\(index)]", node: node)
            try peer.refuseUnknownKeys(["agency", "url", "urls", "publicKey", "territory", "certificates"])
            let id = try peer.requiredString("agency")
            if let problem = AgencyIdentifier.problem(with: id) { throw peer.fail("agency", problem) }
            if id == agency { throw peer.fail("agency", "a peer cannot be this agency itself (\(id))") }
            if peers.contains(where: { $0.agency == id }) { throw peer.fail("agency", "peer \(id) is listed twice") }
            var urls: [String] = []
            if let url = try peer.string("url") { urls.append(url) }
            for (urlIndex, element) in (try peer.array("urls") ?? []).enumerated() {
                guard case .string(let url) = element.value, !url.isEmpty else {
                    throw ConfigurationError(path: path, line: element.line, keyPath: "peers[\(index)].urls[\(urlIndex)]",
                                             reason: "expected a URL as a string")
                }
                if !urls.contains(url) { urls.append(url) }
            }
            guard let url = urls.first else { throw peer.fail("url", "missing (required: \"url\", or \"urls\" with at least one URL)") }
            peerURLLines.append(peer.node("url")?.line ?? peer.node("urls")?.line ?? node.line)
            for candidate in urls {
                guard let components = URLComponents(string: candidate), let scheme = components.scheme?.lowercased(),
                      scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
                    throw peer.fail(peer.node("url") != nil && candidate == url ? "url" : "urls",
                                    "expected an http:// or https:// URL with a host, found '\(candidate)'")
                }
            }
            var pinned: [String] = []
            for (pinIndex, pin) in (try peer.array("certificates") ?? []).enumerated() {
                guard case .string(let file) = pin.value, !file.isEmpty else {
                    throw ConfigurationError(path: path, line: pin.line, keyPath: "peers[\(index)].certificates[\(pinIndex)]",
                                             reason: "expected the path of a PEM certificate file")
                }
                pinned.append(resolve(file))
            }
            if pinned.count > 2 {
                throw peer.fail("certificates", "pin one certificate, or two during a change-over (found \(pinned.count))")
            }
            peers.append(Peer(agency: id, url: url, publicKeyPath: resolve(try peer.requiredString("publicKey")),
                              territory: try peer.airportCodes("territory"), certificatePaths: pinned,
                              alternateURLs: Array(urls.dropFirst())))
        }
        self.peers = peers
        carriers = try CarrierAccount.read(try top.array("carriers") ?? [], path: path, peers: peers.map(\.agency))

        var limits = Limits()
        if let section = try top.object("limits") {
            try section.refuseUnknownKeys(["maxBodyBytes", "replayWindowSeconds", "ratePerPeer", "rateUnauthenticated",
                                           "headTimeoutMilliseconds", "bodyTimeoutMilliseconds", "idleTimeoutSeconds",
                                           "maxConnections", "maxBodyBytesInFlight", "refusalSummarySeconds",
                                           "strangerReceiveBufferBytes", "shedRateLimitedAddresses",
                                           "filterShedAddressPackets"])
            limits.maxBodyBytes = try section.integer("maxBodyBytes", in: 1_024...(1 << 30)) ?? limits.maxBodyBytes
            limits.replayWindowSeconds = try section.integer("replayWindowSeconds", in: 1...604_800) ?? limits.replayWindowSeconds
            if let rate = try section.object("ratePerPeer") {
                try rate.refuseUnknownKeys(["perSecond", "burst"])
                limits.ratePerPeer.perSecond = try rate.integer("perSecond", in: 1...1_000_000) ?? limits.ratePerPeer.perSecond
                limits.ratePerPeer.burst = try rate.integer("burst", in: 1...1_000_000) ?? limits.ratePerPeer.burst
            }
            if let rate = try section.object("rateUnauthenticated") {
                try rate.refuseUnknownKeys(["perSecond", "burst"])
                limits.rateUnauthenticated.perSecond = try rate.integer("perSecond", in: 1...1_000_000)
                    ?? limits.rateUnauthenticated.perSecond
                limits.rateUnauthenticated.burst = try rate.integer("burst", in: 1...1_000_000) ?? limits.rateUnauthenticated.burst
            }
            limits.headTimeoutMilliseconds = try section.integer("headTimeoutMilliseconds", in: 50...600_000)
                ?? limits.headTimeoutMilliseconds
            limits.bodyTimeoutMilliseconds = try section.integer("bodyTimeoutMilliseconds", in: 50...3_600_000)
                ?? limits.bodyTimeoutMilliseconds
            limits.idleTimeoutSeconds = try section.integer("idleTimeoutSeconds", in: 1...86_400) ?? limits.idleTimeoutSeconds
            limits.maxConnections = try section.integer("maxConnections", in: 1...1_000_000) ?? limits.maxConnections
            limits.maxBodyBytesInFlight = try section.integer("maxBodyBytesInFlight", in: 1_024...(1 << 40))
                ?? limits.maxBodyBytesInFlight
            limits.refusalSummarySeconds = try section.integer("refusalSummarySeconds", in: 1...86_400)
                ?? limits.refusalSummarySeconds
            limits.strangerReceiveBufferBytes = try section.integer("strangerReceiveBufferBytes", in: 0...(64 << 20))
                ?? limits.strangerReceiveBufferBytes
            limits.shedRateLimitedAddresses = try section.bool("shedRateLimitedAddresses") ?? limits.shedRateLimitedAddresses
            limits.filterShedAddressPackets = try section.bool("filterShedAddressPackets") ?? limits.filterShedAddressPackets
            if limits.maxBodyBytesInFlight < limits.maxBodyBytes {
                throw section.fail("maxBodyBytesInFlight", "must not be below maxBodyBytes (\(limits.maxBodyBytes))")
            }
        }
        self.limits = limits

        if let section = try top.object("operator") {
            try section.refuseUnknownKeys(["socket", "host", "port"])
            if let socket = try section.string("socket") {
                let host = try section.string("host")
                let port = try section.integer("port", in: 0...65_535)
                if host != nil || port != nil {
                    throw section.fail("socket", "give either a socket or a host and port, not both")
                }
                operatorListener = .unixSocket(path: resolve(socket))
            } else {
                let host = try section.string("host") ?? "127.0.0.1"
                guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
                    throw section.fail("host", "the operator listener must be on a loopback address (127.0.0.1, ::1, localhost), found '\(host)'")
                }
                guard let port = try section.integer("port", in: 0...65_535) else { throw section.missing("port") }
                operatorListener = .loopback(host: host, port: port)
            }
        } else if postgres != nil {
            // No file to put it beside: beside the configuration, named after the instance.
            instanceSocketDirectory = base.path
            operatorListener = .unixSocket(path: Self.instanceSocketPath(directory: base.path, agency: agency, instance: instance))
        } else {
            operatorListener = .unixSocket(path: databasePath + ".operator.sock")
        }
        if case .unixSocket(let socket) = operatorListener, socket.utf8.count > 100 {
            throw top.fail("operator", "the operator socket path '\(socket)' is longer than 100 bytes (a Unix socket's limit); set operator.socket to a shorter path")
        }
        console = nil
        if let section = try top.object("console") {
            console = try Self.consoleListener(section, resolve: resolve)
        }
        var proxies: [String] = []
        for (index, node) in (try top.array("trustedProxies") ?? []).enumerated() {
            guard case .string(let address) = node.value, ClientAddress.isIPAddress(address) else {
                throw ConfigurationError(path: path, line: node.line, keyPath: "trustedProxies[\(index)]",
                                         reason: "expected an IPv4 or IPv6 address as a string")
            }
            proxies.append(address)
        }
        trustedProxies = proxies

        retention = .pnrAgreement
        if let section = try top.object("retention") {
            try section.refuseUnknownKeys(["maskAfterDays"])
            retention.maskAfterDays = try section.integer("maskAfterDays", in: 1...36_500) ?? retention.maskAfterDays
        }
        var timing = Timing()
        if let section = try top.object("timing") {
            try section.refuseUnknownKeys(["retryBaseMilliseconds", "retryCapMilliseconds", "maxAttempts", "assessmentDeadlineSeconds",
                                           "outboxLeaseSeconds"])
            timing.retryBaseMilliseconds = try section.integer("retryBaseMilliseconds", in: 10...3_600_000) ?? timing.retryBaseMilliseconds
            timing.retryCapMilliseconds = try section.integer("retryCapMilliseconds", in: 10...3_600_000) ?? timing.retryCapMilliseconds
            timing.maxAttempts = try section.integer("maxAttempts", in: 1...1_000) ?? timing.maxAttempts
            timing.assessmentDeadlineSeconds = try section.integer("assessmentDeadlineSeconds", in: 1...604_800)
                ?? timing.assessmentDeadlineSeconds
            timing.outboxLeaseSeconds = try section.integer("outboxLeaseSeconds", in: 1...3_600) ?? timing.outboxLeaseSeconds
            if timing.retryCapMilliseconds < timing.retryBaseMilliseconds {
                throw section.fail("retryCapMilliseconds", "must not be below retryBaseMilliseconds (\(timing.retryBaseMilliseconds))")
            }
        }
        self.timing = timing
        sourcePath = path

        if let section = try top.object("tls") {
            try section.refuseUnknownKeys(["certificate", "privateKey", "peersCA", "minimumVersion"])
            var settings = AgencyTLSSettings(certificatePath: resolve(try section.requiredString("certificate")),
                                             privateKeyPath: resolve(try section.requiredString("privateKey")),
                                             peersCAPath: try section.string("peersCA").map(resolve))
            if let version = try section.string("minimumVersion") {
                guard let minimum = AgencyTLSSettings.MinimumVersion(rawValue: version) else {
                    throw section.fail("minimumVersion", "expected \"1.3\" or \"1.2\", found '\(version)'")
                }
                settings.minimumVersion = minimum
            }
            for (index, peer) in peers.enumerated() where peer.certificatePaths.isEmpty && settings.peersCAPath == nil {
                throw ConfigurationError(path: path, line: section.node.line, keyPath: "peers[\(index)].certificates",
                                         reason: "peer \(peer.agency) has no pinned certificate and tls.peersCA is not set: nothing to verify it against")
            }
            tls = settings
        } else {
            tls = nil
        }
        if console?.tls?.source == .agencyCertificate && tls == nil, let section = try top.object("console") {
            throw ConfigurationError(path: path, line: section.node.line, keyPath: "console.tls.agencyCertificate",
                                     reason: "reuses the agency's certificate, but there is no \"tls\" section (give console.tls a certificate and privateKey of its own)")
        }
        for (index, peer) in peers.enumerated() {
            for url in peer.urls where tls != nil && !url.lowercased().hasPrefix("https://") {
                throw ConfigurationError(path: path, line: peerURLLines.indices.contains(index) ? peerURLLines[index] : root.line, keyPath: "peers[\(index)].url",
                                         reason: "with \"tls\" configured, peers are reached over mutual TLS: expected an https:// URL, found '\(url)'")
            }
        }
        if tls == nil && !plaintextAllowed && !Self.isLoopback(listenHost) {
            throw listen.fail("host", "plain HTTP on the non-loopback address '\(listenHost)' is refused: configure \"tls\", or set listen.plaintext to \"allowed\" (e.g. behind a TLS-terminating proxy)")
        }
    }

    /// Names this instance (`paxsim agency serve --instance`), replacing the configuration's
    /// `"instance"`; an operator socket placed for the instance moves with the name.
    public mutating func setInstance(_ name: String) throws(ConfigurationError) {
        if let problem = Self.instanceNameProblem(name) {
            throw ConfigurationError(path: sourcePath, line: 0, keyPath: "--instance", reason: problem)
        }
        instance = name
        if let directory = instanceSocketDirectory {
            operatorListener = .unixSocket(path: Self.instanceSocketPath(directory: directory, agency: agency, instance: name))
        }
    }

    /// Why `name` cannot name an instance, or nil: 1 to 64 ASCII letters, digits, '-', '_' or '.'.
    static func instanceNameProblem(_ name: String) -> String? {
        guard !name.isEmpty, name.count <= 64,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            return "an instance name is 1 to 64 letters, digits, '-', '_' or '.', found '\(name.prefix(80))'"
        }
        return nil
    }

    static func instanceSocketPath(directory: String, agency: String, instance: String) -> String {
        directory + "/" + agency.lowercased() + "." + instance + ".operator.sock"
    }

    /// Whether `host` is a loopback address or name (plain HTTP is accepted there with a warning).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The peer with this agency id, if configured.
    public func peer(_ agency: String) -> Peer? { peers.first { $0.agency == agency } }

    /// `HOST:PORT` (an IPv6 host in brackets); nil without a port in 0...65535 or with no host.
    static func hostAndPort(_ text: String) -> ConsoleListener? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains("["), !host.contains("]"), host.contains(":") == text.hasPrefix("[") else { return nil }
        return ConsoleListener(host: host, port: port)
    }

    /// The `"console"` section: `listen` (loopback by default), `tls` (HTTPS for browsers) and
    /// `plaintext`. Plain HTTP on a non-loopback address is refused unless `plaintext` is
    /// `"allowed"`, as on the peer listener.
    static func consoleListener(_ section: ConfigurationReader,
                                resolve: (String) -> String) throws(ConfigurationError) -> ConsoleListener {
        try section.refuseUnknownKeys(["listen", "tls", "plaintext"])
        let listen = try section.string("listen") ?? "127.0.0.1:0"
        guard var listener = hostAndPort(listen) else {
            throw section.fail("listen", "expected HOST:PORT (e.g. 127.0.0.1:8081, [::1]:0; port 0...65535), found '\(listen)'")
        }
        if let plaintext = try section.string("plaintext"), plaintext != "allowed" {
            throw section.fail("plaintext", "the only value is \"allowed\" (plain HTTP on a non-loopback address), found '\(plaintext)'")
        }
        listener.plaintextAllowed = try section.string("plaintext") != nil
        if let tls = try section.object("tls") {
            try tls.refuseUnknownKeys(["certificate", "privateKey", "agencyCertificate", "minimumVersion"])
            let certificate = try tls.string("certificate"), privateKey = try tls.string("privateKey")
            let source: ConsoleTLSSettings.Source
            switch (try tls.bool("agencyCertificate") ?? false, certificate, privateKey) {
            case (true, nil, nil):
                source = .agencyCertificate
            case (true, _, _):
                throw tls.fail("agencyCertificate", "give either agencyCertificate or a certificate and privateKey, not both")
            case (false, let certificate?, let privateKey?):
                source = .files(certificatePath: resolve(certificate), privateKeyPath: resolve(privateKey))
            case (false, nil, _):
                throw tls.fail("certificate", "missing: give the console's certificate and privateKey (PEM files), or \"agencyCertificate\": true")
            case (false, _, nil):
                throw tls.missing("privateKey")
            }
            var settings = ConsoleTLSSettings(source: source)
            if let version = try tls.string("minimumVersion") {
                guard let minimum = AgencyTLSSettings.MinimumVersion(rawValue: version) else {
                    throw tls.fail("minimumVersion", "expected \"1.2\" or \"1.3\", found '\(version)'")
                }
                settings.minimumVersion = minimum
            }
            listener.tls = settings
        }
        if listener.tls == nil && !listener.plaintextAllowed && !isLoopback(listener.host) {
            throw section.fail("listen", "plain HTTP on the non-loopback address '\(listener.host)' is refused: configure console.tls, or set console.plaintext to \"allowed\" (e.g. behind a TLS-terminating proxy)")
        }
        return listener
    }
}
