import Foundation
import Logging
public import PaxConsole
import PaxExchange
import PaxMessages
public import PaxServer
import PaxSimulation
import Synchronization

/// `paxsim demo --web`: the two agencies of `paxsim demo`, each with its console, and traffic
/// paced so a person can follow it in a browser: a flight every few seconds (alternating
/// directions; planted watch-list subjects among the travellers), now and then an assistance
/// query, a duplicate delivery (a fault the receiver must absorb) and a forgery (refused from
/// the request head). Runs until stopped or for a set duration.
public enum WebDemo {
    public struct Options: Sendable {
        public var seed: UInt64 = 7
        public var travelersPerFlight = 24
        /// Seconds between flights.
        public var interval: Double = 3
        /// Stop after this many seconds (nil: until stopped).
        public var duration: Double? = nil
        /// Every n-th flight is followed by a duplicate delivery, and every m-th by a forgery.
        public var faultEvery = 5
        public var forgeryEvery = 7
        public var queryEvery = 4
        /// Flights generated for the day (submitted in turn, then again under new ids).
        public var flights = 120
        public var directory: String? = nil
        public var keepDirectory = false
        /// Mutual TLS between the agencies and HTTPS on both consoles, with throwaway
        /// certificates (a demo CA; per agency a peer certificate and a console certificate for
        /// localhost, 127.0.0.1 and ::1).
        public var tls = false

        public init() {}
    }

    /// One agency as the demo runs it.
    public struct Agency: Sendable {
        public let id: String
        public let service: AgencyService
        public let console: AgencyConsole
        public let timeline: ConsoleTimeline
    }

    /// The running demo's agencies, once both listen (their consoles' URLs known).
    public struct Running: Sendable {
        public let agencies: [Agency]
        /// Console URL per agency id.
        public let consoleURLs: [String: String]
        public let directory: String
    }

    /// Runs the demo; `onReady` gets the agencies once both consoles listen (tests drive the
    /// consoles from there); returns when the duration is over, the task is cancelled, or a
    /// SIGINT/SIGTERM arrives (`handleSignals`).
    public static func run(_ options: Options, handleSignals: Bool = true, print emit: @escaping @Sendable (String) -> Void,
                           onReady: @escaping @Sendable (Running) async -> Void = { _ in }) async throws {
        var simulation = SimulationOptions()
        simulation.seed = options.seed
        simulation.flights = max(2, options.flights)
        simulation.travelersPerFlight = options.travelersPerFlight
        simulation.localEvery = 0
        simulation.queries = max(1, options.flights / 4)
        simulation.plants = max(1, options.flights / 4)
        let traffic = try Traffic.make(simulation)
        let directory = try options.directory ?? DemoFiles.temporaryDirectory()
        defer {
            if options.directory == nil && !options.keepDirectory { try? FileManager.default.removeItem(atPath: directory) }
        }
        let paths = try DemoFiles.write(traffic: traffic, into: directory, console: true, tls: options.tls)
        var logger = Logger(label: "paxsim.demo.web")
        logger.logLevel = .error
        var started: [Agency] = []
        for path in paths {
            let file = try AgencyServiceConfiguration.load(path: path)
            let timeline = ConsoleTimeline()
            let service = try AgencyService(file: file, version: "demo", logger: logger, onEvent: { event in timeline.record(event) })
            started.append(Agency(id: file.agency, service: service, console: try AgencyConsole(service: service, timeline: timeline),
                                   timeline: timeline))
        }
        let bound = Bound()
        let agencies = started
        let quiet = logger
        // Pacing runs beside the services; when it ends (duration over) it stops them, and
        // when they stop (a signal) it is cancelled.
        let pacing = Task {
            defer { for agency in agencies { agency.timeline.close() } }
            do {
                let ready = try await bound.wait(for: agencies.map(\.id))
                let scheme = options.tls ? "https" : "http"
                for agency in agencies {
                    for (peer, port) in ready.ports where peer != agency.id {
                        agency.service.peers.set(peer, url: "\(scheme)://127.0.0.1:\(port)")
                    }
                }
                emit("PaxSim web demo: keys, configurations and databases in \(directory)")
                if options.tls {
                    emit("Over TLS with throwaway certificates of a demo CA (\(directory)/keys/paxsim-ca.crt): the browser will warn; "
                         + "check that the certificate's SHA-256 fingerprint is the one printed here before going on.")
                }
                for agency in agencies {
                    emit("\(agency.id) console: \(ready.consoles[agency.id] ?? "?")  operator token: \(agency.console.token.text)")
                    if let material = agency.console.tls?.current {
                        emit("\(agency.id) console certificate SHA-256: \(material.displayedFingerprint)")
                    }
                }
                emit(options.duration.map { "Running for \(Int($0)) s; Ctrl-C stops it sooner." } ?? "Running until Ctrl-C.")
                await onReady(Running(agencies: agencies, consoleURLs: ready.consoles, directory: directory))
                try await pace(traffic: traffic, agencies: agencies, ports: ready.ports, scheme: scheme, options: options, emit: emit)
            } catch is CancellationError {
            } catch {
                emit("PaxSim web demo: \(error)")
            }
            for agency in agencies { await agency.service.stop() }
        }
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for agency in agencies {
                    let id = agency.id
                    group.addTask {
                        try await agency.service.run(gracefulShutdownSignals: handleSignals ? [.sigint, .sigterm] : [],
                                                     additionalServices: agency.console.services(logger: quiet) { url in bound.console(id, url) },
                                                     onRunning: { port in bound.port(id, port) })
                    }
                }
                // One agency stopping (a signal, or the pacing done) stops the demo.
                _ = try await group.next()
                pacing.cancel()
                for agency in agencies { await agency.service.stop() }
                try await group.waitForAll()
            }
        } onCancel: {
            pacing.cancel()
        }
        await pacing.value
        emit("PaxSim web demo stopped")
    }

    /// Submits a flight every `interval` seconds until the duration is over or the task is cancelled.
    private static func pace(traffic: Traffic, agencies: [Agency], ports: [String: Int], scheme: String, options: Options,
                             emit: @Sendable (String) -> Void) async throws {
        let byId = Dictionary(agencies.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let submissions = traffic.submissions.sorted { $0.submitAt < $1.submitAt }
        guard !submissions.isEmpty else { return }
        let end = options.duration.map { ContinuousClock.now + .milliseconds(Int($0 * 1000)) }
        var count = 0
        var queries = traffic.queries.makeIterator()
        while !Task.isCancelled {
            if let end, ContinuousClock.now >= end { return }
            let submission = submissions[count % submissions.count]
            var manifest = submission.manifest
            // After the day's flights, the same ones again under new ids.
            if count >= submissions.count { manifest.header.messageId += "-R\(count / submissions.count)" }
            count += 1
            if let agency = byId[submission.submitter] {
                do {
                    _ = try await agency.service.agency.submit(manifest)
                } catch {
                    emit("\(submission.submitter) could not submit \(manifest.header.messageId): \(error)")
                }
                if count % options.queryEvery == 0, let query = queries.next(), let asker = byId[query.asker] {
                    _ = try? await asker.service.agency.ask(query.query, peer: query.peer)
                }
                if count % options.faultEvery == 0 {
                    await duplicateDelivery(of: manifest.header.messageId, from: agency, to: submission.manifest.header.receiver,
                                            ports: ports, scheme: scheme, byId: byId)
                }
                if count % options.forgeryEvery == 0 {
                    await forge(manifest, from: agency, to: submission.manifest.header.receiver, ports: ports, scheme: scheme, byId: byId)
                }
            }
            try await Task.sleep(for: .milliseconds(Int(options.interval * 1000)))
        }
    }

    /// Delivers a copy of a manifest already sent (as a network that duplicates packets
    /// would): the receiver answers it with its stored reply and changes nothing.
    private static func duplicateDelivery(of messageId: String, from sender: Agency, to receiver: String, ports: [String: Int],
                                          scheme: String, byId: [String: Agency]) async {
        try? await Task.sleep(for: .milliseconds(500))
        guard let port = ports[receiver],
              let frame = try? await sender.service.database?.pool.read({ db in
                  try OutboxFrameTable.frame(of: messageId, in: db)
              }) else { return }
        let transport = HTTPPeerTransport(agency: sender.id, peers: PeerDirectory([receiver: "\(scheme)://127.0.0.1:\(port)"]),
                                          tls: sender.service.tls)
        _ = await transport.deliver(Array(frame), to: receiver)
        await transport.shutdown()
        byId[receiver]?.timeline.note(kind: "fault", text: "the network delivered \(messageId) a second time")
    }

    /// An impostor posts a manifest in `sender`'s name signed with a key of its own (over TLS,
    /// with `sender`'s own client certificate, as if stolen: the handshake admits it, the
    /// envelope signature still does not verify).
    private static func forge(_ manifest: TravelerManifest, from agency: Agency, to receiver: String, ports: [String: Int],
                              scheme: String, byId: [String: Agency]) async {
        let sender = agency.id
        guard let port = ports[receiver] else { return }
        var forged = manifest
        forged.header.messageId += "-FORGED"
        guard let payload = try? forged.xml(),
              let message = try? SignedMessage.signed(messageId: forged.header.messageId, correlationId: "", sender: sender,
                                                      receiver: receiver, createdAt: LiveAgency.now(), payload: payload,
                                                      key: SigningKey.random()) else { return }
        let transport = HTTPPeerTransport(agency: "impostor", peers: PeerDirectory([receiver: "\(scheme)://127.0.0.1:\(port)"]),
                                          tls: agency.service.tls)
        let result = await transport.deliver(WireFrame.encode(message), to: receiver)
        await transport.shutdown()
        byId[receiver]?.timeline.note(kind: "refused", text: "forgery in \(sender)'s name: \(result) (refused from the request head, body unread)")
    }
}

/// Ports and console URLs as the agencies report them.
final class Bound: Sendable {
    private let state = Mutex<(ports: [String: Int], consoles: [String: String])>(([:], [:]))

    func port(_ agency: String, _ port: Int) { state.withLock { $0.ports[agency] = port } }
    func console(_ agency: String, _ url: String) { state.withLock { $0.consoles[agency] = url } }

    func wait(for agencies: [String]) async throws -> (ports: [String: Int], consoles: [String: String]) {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let now = state.withLock { $0 }
            if agencies.allSatisfy({ now.ports[$0] != nil && now.consoles[$0] != nil }) { return now }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw DemoError("the agencies and their consoles did not start listening within 60 s")
    }
}
