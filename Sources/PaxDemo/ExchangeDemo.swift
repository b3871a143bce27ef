import Foundation
import Logging
import PaxExchange
import PaxServer
import PaxSimulation
import Synchronization

/// `paxsim demo`: two border agencies as real HTTP services on 127.0.0.1, set up from nothing
/// (fresh keys, configuration files and databases in a temporary directory), exchanging a few
/// generated flights: manifest → acknowledgement → screening → risk assessment →
/// acknowledgement, then mutual-assistance queries. Prints a live timeline and a summary,
/// checks the outcome (every manifest assessed, every planted subject flagged, every query
/// answered, both audit chains intact), and shuts both agencies down.
public enum ExchangeDemo {
    public static func run(_ options: DemoOptions, print emit: @escaping @Sendable (String) -> Void) async throws -> DemoSummary {
        var simulation = SimulationOptions()
        simulation.seed = options.seed
        simulation.flights = options.flights
        simulation.travelersPerFlight = options.travelersPerFlight
        simulation.localEvery = 0
        simulation.queries = options.queries
        simulation.plants = options.plants
        let traffic = try Traffic.make(simulation)
        let directory = try options.directory ?? DemoFiles.temporaryDirectory()
        defer {
            if options.directory == nil && !options.keepDirectory { try? FileManager.default.removeItem(atPath: directory) }
        }
        // An airline sends one of the flights as PAXLST through the carrier API. Over mutual TLS
        // the peer listener admits agencies' certificates only, so the carrier sits that run out.
        let carrier = options.tls ? nil : DemoCarrier.choose(traffic: traffic)
        let configurationPaths = try DemoFiles.write(traffic: traffic, into: directory, tls: options.tls,
                                                     carriers: carrier.map { [$0.agency: [$0.account]] } ?? [:])
        emit("PaxSim demo: \(traffic.agencies.map(\.id).joined(separator: " and ")) on 127.0.0.1\(options.tls ? " over mutual TLS (throwaway CA and certificates)" : ""); keys, configurations and databases in \(directory)")

        let sizes = Dictionary(traffic.submissions.map { ($0.manifest.header.messageId, $0.manifest.travelers.count) },
                               uniquingKeysWith: { first, _ in first })
        let timeline = DemoTimeline(travelers: sizes, emit: emit)
        var logger = Logger(label: "paxsim.demo")
        logger.logLevel = .error
        var services: [String: AgencyService] = [:]
        for path in configurationPaths {
            let file = try AgencyServiceConfiguration.load(path: path)
            let id = file.agency
            services[id] = try AgencyService(file: file, version: "demo", logger: logger,
                                             onEvent: { event in timeline.record(event, at: id) })
        }
        let ports = BoundPorts()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for (id, service) in services {
                group.addTask {
                    try await service.run(gracefulShutdownSignals: []) { port in ports.set(id, port) }
                }
            }
            do {
                let summary = try await exchange(traffic: traffic, services: services, ports: ports,
                                                 carrier: carrier, options: options, emit: emit)
                for service in services.values { await service.stop() }
                try await group.waitForAll()
                return summary
            } catch {
                for service in services.values { await service.stop() }
                group.cancelAll()
                throw error
            }
        }
    }

    /// Runs the traffic through the two started agencies and sums up.
    private static func exchange(traffic: Traffic, services: [String: AgencyService], ports: BoundPorts,
                                 carrier: DemoCarrier?, options: DemoOptions,
                                 emit: @escaping @Sendable (String) -> Void) async throws -> DemoSummary {
        let bound = try await waitForPorts(ports, count: services.count)
        let scheme = options.tls ? "https" : "http"
        for (id, service) in services {
            for (peer, port) in bound where peer != id { service.peers.set(peer, url: "\(scheme)://127.0.0.1:\(port)") }
        }
        for (id, port) in bound.sorted(by: { $0.key < $1.key }) { emit("\(id) listening on \(scheme)://127.0.0.1:\(port)") }

        if options.tls { emit("carrier API: not in this run (over mutual TLS the peer listener admits agency certificates only)") }
        let deadline = ContinuousClock.now + .seconds(options.timeoutSeconds)
        let carrierFlight = carrier?.submission.manifest.header.messageId
        for submission in traffic.submissions.sorted(by: { $0.submitAt < $1.submitAt }) where submission.manifest.header.messageId != carrierFlight {
            guard let service = services[submission.submitter] else { continue }
            _ = try await service.agency.submit(submission.manifest)
        }
        var summary = DemoSummary()
        if let carrier, let port = bound[carrier.agency] {
            summary.carrier = try await carrier.run(port: port, timeout: deadline - ContinuousClock.now, emit: emit)
        }
        try await waitUntil(deadline, "every manifest reaches a terminal state") {
            for (_, service) in services {
                if await service.agency.manifests().contains(where: { $0.submitter == service.file.agency && !$0.state.isTerminal }) {
                    return false
                }
            }
            return true
        }
        var asked: [(asker: String, id: String)] = []
        for query in traffic.queries {
            guard let service = services[query.asker] else { continue }
            asked.append((query.asker, try await service.agency.ask(query.query, peer: query.peer)))
        }
        try await waitUntil(deadline, "every assistance query is answered") {
            for (asker, id) in asked {
                guard let status = await services[asker]?.agency.status(of: id, requester: asker), status.state != "pending" else {
                    return false
                }
            }
            return true
        }
        summary.forgeryRefused = try await forge(traffic: traffic, bound: bound, services: services, emit: emit)
        for (id, service) in services.sorted(by: { $0.key < $1.key }) {
            let manifests = await service.agency.manifests()
            guard let database = service.database else { throw AgencySetupError("the demo runs its agencies on SQLite") }
            let verification = try await AuditLog(database: database).verify()
            summary.agencies.append(DemoSummary.Agency(
                id: id,
                submitted: manifests.filter { $0.submitter == id }.count,
                assessed: manifests.filter { $0.submitter == id && $0.state == .assessed }.count,
                received: manifests.filter { $0.state == .received }.count,
                outcomes: manifests.filter { $0.submitter == id }.reduce(into: [:]) { counts, record in
                    for outcome in record.outcomes.values { counts[outcome.rawValue, default: 0] += 1 }
                },
                audit: verification.description, auditIntact: verification.isIntact))
            for plant in traffic.plants {
                guard let record = manifests.first(where: { $0.messageId == plant.manifestId && $0.submitter == id }) else { continue }
                summary.plants += 1
                if let outcome = record.outcomes[plant.travelerReference], outcome != .cleared { summary.plantsFlagged += 1 }
            }
        }
        for (asker, id) in asked {
            if let status = await services[asker]?.agency.status(of: id, requester: asker) {
                summary.queries.append((asker, id, status.state))
            }
        }
        return summary
    }

    /// An impostor posts a manifest in a peer's name, signed with a key of its own: the
    /// receiver must refuse it before reading the payload (401 `bad-signature`).
    private static func forge(traffic: Traffic, bound: [String: Int], services: [String: AgencyService],
                              emit: @Sendable (String) -> Void) async throws -> Bool {
        let ids = traffic.agencies.map(\.id)
        guard ids.count == 2, let port = bound[ids[1]],
              let sample = traffic.submissions.first(where: { $0.submitter == ids[0] }) else { return false }
        var manifest = sample.manifest
        manifest.header.messageId += "-FORGED"
        let forged = try SignedMessage.signed(messageId: manifest.header.messageId, correlationId: "", sender: ids[0],
                                              receiver: ids[1], createdAt: LiveAgency.now(), payload: try manifest.xml(),
                                              key: SigningKey.random())
        // Over TLS the impostor holds a valid certificate of the first agency (a stolen client
        // certificate): the handshake admits it, the envelope signature still does not verify.
        let tls = services[ids[0]]?.tls
        let transport = HTTPPeerTransport(agency: "impostor",
                                          peers: PeerDirectory([ids[1]: "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)"]), tls: tls)
        let result = await transport.deliver(WireFrame.encode(forged), to: ids[1])
        await transport.shutdown()
        let refused = result == .refused(status: 401, code: RejectionReason.badSignature.rawValue)
        // Refused from the request head by the HTTP layer: the agency itself never sees it.
        if refused { emit("\(ids[1])  REFUSED bad-signature: refused from the request head, body unread (counted, summarised in the audit log)") }
        emit("impostor → \(ids[1])  manifest in \(ids[0])'s name signed with another key: "
             + (refused ? "refused, HTTP 401 bad-signature" : "NOT refused as expected: \(result)"))
        return refused
    }

    private static func waitForPorts(_ ports: BoundPorts, count: Int) async throws -> [String: Int] {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            let bound = ports.all
            if bound.count == count { return bound }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw DemoError("the agencies did not start listening within 15 s")
    }

    private static func waitUntil(_ deadline: ContinuousClock.Instant, _ what: String,
                                  _ condition: () async -> Bool) async throws {
        while await !condition() {
            guard ContinuousClock.now < deadline else { throw DemoError("timed out waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// The port each agency bound, as they report it.
final class BoundPorts: Sendable {
    private let ports = Mutex<[String: Int]>([:])
    func set(_ agency: String, _ port: Int) { ports.withLock { $0[agency] = port } }
    var all: [String: Int] { ports.withLock { $0 } }
}

/// The demo could not finish.
public struct DemoError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
