import Foundation
import GRDB
import PaxExchange
import PaxMessages
import Synchronization
import Testing
@testable import PaxServer

/// Group commit loses nothing that was acknowledged: a real `paxsim agency serve` under
/// concurrent load from 16 senders is killed with SIGKILL; after a restart, every manifest it
/// had acknowledged (answered 200 with a signed accepting acknowledgement) is in its database.
@Suite("Group commit crash", .serialized)
struct GroupCommitCrashTests {
    @Test("kill -9 of the receiver under concurrent load: every acknowledged manifest is in its database after the restart")
    func acknowledgedSurvivesKillNine() async throws {
        let setup = try LiveAgencyEndToEndTests.Setup()
        defer { setup.us.stop(); setup.remove() }
        // Only the receiver runs: its assessments wait in its outbox; SV-DGME's key signs the load.
        try setup.us.start()
        try await setup.us.waitUntilListening()
        let manifests = setup.path("manifests")
        let count = 1_500
        let generated = try Paxsim.run(["generate", "--seed", "31", "--flights", "\(count)", "--travelers", "3", "--from", "SAL",
                                        "--to", "IAH", "--out", manifests, "--quiet"])
        #expect(generated.status == 0, "\(generated.all)")
        let key = try setup.signingKey("SV-DGME")
        let names = try FileManager.default.contentsOfDirectory(atPath: manifests).filter { $0.hasSuffix(".xml") }.sorted()
        var signed: [(id: String, frame: [UInt8])] = []
        for name in names {
            let payload = Array(try Data(contentsOf: URL(fileURLWithPath: manifests + "/" + name)))
            guard case .manifest(let manifest) = try PaxMessage.decode(bytes: payload) else { continue }
            let id = manifest.header.messageId
            signed.append((id, WireFrame.encode(try SignedMessage.signed(
                messageId: id, correlationId: "", sender: "SV-DGME", receiver: "US-CBP", createdAt: LiveAgency.now(),
                payload: payload, key: key))))
        }
        let frames = signed
        #expect(frames.count == count)
        let port = try #require(setup.ports["US-CBP"])
        let transport = HTTPPeerTransport(agency: "SV-DGME", peers: PeerDirectory(["US-CBP": "http://127.0.0.1:\(port)"]),
                                          timeoutSeconds: 20)
        let load = Load()
        // 16 senders take the next manifest until all are sent or the receiver is gone.
        let senders = (0..<16).map { _ in
            Task {
                while !load.killed.load(ordering: .relaxed) {
                    let index = load.next.add(1, ordering: .relaxed).oldValue
                    guard index < frames.count else { return }
                    let answer = await transport.deliver(frames[index].frame, to: "US-CBP")
                    guard case .reply(let reply) = answer,
                          case .acknowledgement(let ack) = try? PaxMessage.decode(bytes: try WireFrame.decode(reply).payload),
                          ack.status == .accepted, ack.referencedMessageId == frames[index].id else { continue }
                    load.acknowledged.withLock { $0.append(frames[index].id) }
                }
            }
        }
        // Killed in the middle of the load: once a fifth of the manifests are acknowledged
        // (a count observed, not a time), with the senders still busy.
        let deadline = Date().addingTimeInterval(300)
        while load.acknowledged.withLock({ $0.count }) < count / 5 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        setup.us.kill9()
        load.killed.store(true, ordering: .relaxed)
        let sentBeforeKill = min(load.next.load(ordering: .relaxed), count)
        for sender in senders { await sender.value }
        await transport.shutdown()
        let acked = load.acknowledged.withLock { $0 }
        #expect(acked.count >= count / 5, "only \(acked.count) acknowledged before the deadline")
        #expect(sentBeforeKill < count, "the load had finished before the kill")

        // Restarted: it opens (and recovers) the database, then stops; what it holds is read after.
        try setup.us.start()
        try await setup.us.waitUntilListening()
        try await Task.sleep(for: .seconds(1))
        setup.us.stop()
        let stored = try await DatabaseQueue(path: setup.path("US-CBP.sqlite")).read { db in
            Set(try String.fetchAll(db, sql: "SELECT message_id FROM exchange_inbox WHERE sender = 'SV-DGME' AND outcome = 'manifest-accepted'"))
        }
        let missing = acked.filter { !stored.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) of \(acked.count) acknowledged manifests are not in the database: \(missing.prefix(5))")
        let verified = try Paxsim.run(["audit", "verify", setup.path("US-CBP.sqlite")])
        #expect(verified.status == 0, "\(verified.all)")
    }
}

/// What the senders share: the next manifest to send, the stop signal, the acknowledged ids.
final class Load: Sendable {
    let next = Atomic<Int>(0)
    let killed = Atomic<Bool>(false)
    let acknowledged = Mutex<[String]>([])
}
