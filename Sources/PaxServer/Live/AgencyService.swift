import Foundation
public import Logging
import NIOCore
public import ServiceLifecycle
import Synchronization
public import UnixSignals
import PaxExchange

/// Opens the storage of an agency whose configuration names a store other than SQLite
/// (PostgreSQL): PaxServer does not depend on those stores, the executable passes their opener.
public typealias AgencyStorageOpener = @Sendable (AgencyServiceConfiguration, Logger) throws -> any AgencyStorage

/// A whole live agency, ready to run: storage, core, transport and HTTP server, built from a
/// configuration file (`paxsim agency serve`) or in process (`paxsim demo`).
public struct AgencyService: Sendable {
    public let file: AgencyServiceConfiguration
    public let agency: LiveAgency
    /// The SQLite database (nil when the agency runs on PostgreSQL).
    public let database: AgencyDatabase?
    /// Where the agency's exchange store, audit chain and archive live.
    public let storage: any AgencyStorage
    public let server: AgencyHTTPServer
    public let peers: PeerDirectory
    /// The agency's TLS material (nil: plain HTTP); reloaded on SIGHUP.
    public let tls: TLSMaterialStore?
    /// The console's TLS material (nil: no console, or a plain HTTP one); reloaded on SIGHUP.
    public let consoleTLS: ConsoleTLSStore?
    /// The carrier API, when the configuration lists carriers.
    public let carrierDesk: CarrierDesk?
    let logger: Logger
    private let control = ShutdownControl()

    /// Opens everything the configuration names; throws with the file and what is wrong.
    /// `openStorage` opens a PostgreSQL store (`"database": "postgres://..."`); without it
    /// such a configuration is refused.
    public init(file: AgencyServiceConfiguration, version: String, logger: Logger, openStorage: AgencyStorageOpener? = nil,
                onEvent: @escaping @Sendable (LiveAgencyEvent) -> Void = { _ in }) throws(AgencySetupError) {
        let configuration = try AgencySetup.exchangeConfiguration(file)
        if let postgres = file.postgres {
            guard let openStorage else {
                throw AgencySetupError("\(file.sourcePath): database \(postgres) is PostgreSQL, which this program cannot open")
            }
            guard file.carriers.isEmpty else {
                throw AgencySetupError("\(file.sourcePath): the carrier API (\"carriers\") needs the SQLite store; it is not available on PostgreSQL yet")
            }
            do {
                storage = try openStorage(file, logger)
            } catch {
                throw AgencySetupError("\(file.sourcePath): \(postgres): \(error)")
            }
            database = nil
        } else {
            do {
                let opened = try AgencyDatabase.open(path: file.databasePath)
                database = opened
                storage = SQLiteAgencyStorage(database: opened, label: "paxsim.commit.\(file.agency)")
            } catch {
                throw AgencySetupError(error.description)
            }
        }
        peers = PeerDirectory(Dictionary(file.peers.map { ($0.agency, $0.urls) }, uniquingKeysWith: { first, _ in first }))
        if let settings = file.tls {
            tls = TLSMaterialStore(try AgencyTLSMaterial.load(agency: file.agency, settings: settings, peers: file.peers),
                                   logger: logger)
        } else {
            tls = nil
        }
        if let settings = file.console?.tls {
            consoleTLS = ConsoleTLSStore(try ConsoleTLSMaterial.load(settings, agency: file.tls))
        } else {
            consoleTLS = nil
        }
        let transport = HTTPPeerTransport(agency: file.agency, peers: peers, maxResponseBytes: file.limits.maxBodyBytes, tls: tls)
        let relay = CarrierRelay()
        do {
            agency = try LiveAgency(configuration: configuration, storage: storage, transport: transport, logger: logger,
                                    onEvent: { event in
                                        onEvent(event)
                                        relay.forward(event)
                                    })
        } catch {
            throw AgencySetupError("\(storage.location): cannot read the exchange store: \(error)")
        }
        var server = AgencyHTTPServer(options: .init(configuration: file, version: version),
                                      intake: ExchangeIntake(agency: agency, configuration: configuration),
                                      database: database, logger: logger, tls: tls)
        if database == nil { server.storage = storage }
        if let database, !file.carriers.isEmpty {
            let desk = CarrierDesk(agencyId: file.agency, accounts: file.carriers, database: database, agency: agency, logger: logger)
            relay.attach(desk)
            server.carrierDesk = desk
            carrierDesk = desk
        } else {
            carrierDesk = nil
        }
        self.server = server
        self.file = file
        self.logger = logger
    }

    /// Serves until the task is cancelled or one of `signals` arrives, then shuts down
    /// gracefully (stops accepting, finishes requests in progress), stops the agency's timers,
    /// waits for its deliveries and writes the last refusal summary. `onRunning` gets the peer
    /// listener's bound port; `onOperatorRunning` the operator listener's address.
    /// `additionalServices` (the console's listener) run in the same service group.
    public func run(gracefulShutdownSignals signals: [UnixSignal] = [.sigterm, .sigint],
                    additionalServices: [any Service] = [],
                    onRunning: @escaping @Sendable (Int) async -> Void = { _ in },
                    onOperatorRunning: @escaping @Sendable (String) async -> Void = { _ in }) async throws {
        await agency.start()
        await carrierDesk?.start()
        let retention = Task { await retentionLoop() }
        let summaries = Task { await refusalSummaryLoop() }
        let reloads = Task { await reloadOnHangup() }
        defer {
            retention.cancel()
            summaries.cancel()
            reloads.cancel()
        }
        if tls == nil {
            if AgencyServiceConfiguration.isLoopback(file.listenHost) {
                logger.warning("serving plain HTTP on loopback \(file.listenHost): peers are not authenticated at the transport (configure \"tls\" for mutual TLS)")
            } else {
                logger.warning("serving plain HTTP on \(file.listenHost) as listen.plaintext allows: put a TLS-terminating proxy in front")
            }
        }
        if let console = file.console, console.tls == nil, !AgencyServiceConfiguration.isLoopback(console.host) {
            logger.warning("the console serves plain HTTP on \(console.host) as console.plaintext allows: put a TLS-terminating proxy in front")
        }
        // Both listeners are announced once both are bound (operator first), so whoever waits
        // for "listening" can use either.
        let listener = file.operatorListener
        let hasOperator = server.options.operatorListener != nil
        let startup = Mutex<(port: Int?, operatorURL: String?)>((nil, nil))
        let announce: @Sendable () async -> Void = {
            let ready: (Int, String?)? = startup.withLock { state in
                guard let port = state.port, !hasOperator || state.operatorURL != nil else { return nil }
                let operatorURL = state.operatorURL
                state = (nil, nil)
                return (port, operatorURL)
            }
            guard let (port, operatorURL) = ready else { return }
            if let operatorURL { await onOperatorRunning(operatorURL) }
            await onRunning(port)
        }
        let app = server.makeApplication { channel in
            startup.withLock { $0.port = channel.localAddress?.port ?? 0 }
            await announce()
        }
        var services: [any Service] = [app]
        if let operatorApp = server.makeOperatorApplication(onServerRunning: { channel in
            let url: String
            switch listener {
            case .unixSocket(let path): url = OperatorClient.operatorURL(.unixSocket(path: path))
            case .loopback(let host, _): url = OperatorClient.operatorURL(.loopback(host: host, port: channel.localAddress?.port ?? 0))
            }
            startup.withLock { $0.operatorURL = url }
            await announce()
        }) {
            services.append(operatorApp)
        }
        services.append(contentsOf: additionalServices)
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: signals, logger: logger))
        if control.attach(group) { await group.triggerGracefulShutdown() }
        do {
            try await group.run()
        } catch {
            await carrierDesk?.shutdown()
            await agency.shutdown()
            await writeRefusalSummary()
            throw error
        }
        await carrierDesk?.shutdown()
        await agency.shutdown()
        await writeRefusalSummary()
        if case .unixSocket(let path) = listener { OperatorSocket.removeStale(at: path) }
    }

    /// Writes the refusals counted since the last summary to the audit log: one record per
    /// (code, claimed sender, remote address), carrying the count.
    public func writeRefusalSummary() async {
        do {
            try await storage.appendAudit(server.refusals.drainSummary(intervalSeconds: file.limits.refusalSummarySeconds))
        } catch {
            logger.error("refusal summary not written", metadata: ["error": "\(error)"])
        }
    }

    /// One refusal summary per interval.
    private func refusalSummaryLoop() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(file.limits.refusalSummarySeconds))
            } catch {
                return
            }
            await writeRefusalSummary()
        }
    }

    /// On SIGHUP, re-reads the configuration file and the TLS files it names (the agency's and
    /// the console's); new connections (in and out) use them, open ones keep theirs. A
    /// configuration that fails to load is reported and the current material kept. Other
    /// settings need a restart.
    private func reloadOnHangup() async {
        guard tls != nil || consoleTLS != nil else { return }
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            do {
                try await reloadTLS()
            } catch {
                logger.error("SIGHUP: TLS material not reloaded, keeping the current one", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Reloads the TLS material from the configuration file (what SIGHUP does): all of it, or
    /// (when any file fails) none of it.
    public func reloadTLS() async throws {
        guard tls != nil || consoleTLS != nil else {
            throw AgencySetupError("\(file.sourcePath): no \"tls\" section to reload")
        }
        let reread = try AgencyServiceConfiguration.load(path: file.sourcePath)
        var agencyMaterial: AgencyTLSMaterial?
        if tls != nil {
            guard let settings = reread.tls else { throw AgencySetupError("\(file.sourcePath): the \"tls\" section was removed (a restart is needed)") }
            agencyMaterial = try AgencyTLSMaterial.load(agency: file.agency, settings: settings, peers: reread.peers.filter { peer in
                file.peers.contains { $0.agency == peer.agency }
            })
        }
        var consoleMaterial: ConsoleTLSMaterial?
        if consoleTLS != nil {
            guard let settings = reread.console?.tls else {
                throw AgencySetupError("\(file.sourcePath): the \"console.tls\" section was removed (a restart is needed)")
            }
            consoleMaterial = try ConsoleTLSMaterial.load(settings, agency: reread.tls)
        }
        if let tls, let agencyMaterial {
            tls.replace(with: agencyMaterial)
            logger.notice("SIGHUP: TLS material reloaded", metadata: ["certificate": "\(agencyMaterial.fingerprint)"])
        }
        if let consoleTLS, let consoleMaterial {
            consoleTLS.replace(with: consoleMaterial)
            logger.notice("SIGHUP: console certificate reloaded", metadata: ["certificate": "\(consoleMaterial.fingerprint)"])
        }
    }

    /// Shuts a running service down gracefully (as SIGTERM would); `run` then returns.
    public func stop() async {
        if let group = control.stop() { await group.triggerGracefulShutdown() }
    }

    /// Masks traveller names past the retention period: at start, then hourly.
    private func retentionLoop() async {
        while !Task.isCancelled {
            do {
                // Nil: another instance of this agency is running retention now.
                if let run = try await storage.applyRetention(file.retention, now: Date(), actor: file.agency),
                   run.maskedRows + run.maskedFrames + run.maskedReplies > 0 {
                    logger.notice("retention masked \(run.maskedRows) traveller records in \(run.maskedManifests) manifests, \(run.maskedFrames) sent frames and \(run.maskedReplies) stored replies")
                    // The agency's memory holds what the store held: it must not keep the names either.
                    try await agency.reloadFromStore()
                }
            } catch {
                logger.error("retention run failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(3_600))
        }
    }
}

/// The running service group, so `stop()` can reach it (and a stop before `run` is kept).
final class ShutdownControl: Sendable {
    private let state = Mutex<(group: ServiceGroup?, stopped: Bool)>((nil, false))

    /// Records the group; true when a stop came first.
    func attach(_ group: ServiceGroup) -> Bool {
        state.withLock { state in
            state.group = group
            return state.stopped
        }
    }

    /// Marks stopped; the group to shut down, if running.
    func stop() -> ServiceGroup? {
        state.withLock { state in
            state.stopped = true
            return state.group
        }
    }
}
