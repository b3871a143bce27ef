import PaxExchange
import PaxGenerator
import PaxMessages
import PaxRisk
@testable import PaxSimulation
import Testing

@Suite("Byzantine peer in the simulator")
struct ByzantinePeerTests {
    @Test("every attack kind is made, the agencies refuse what they must, and every invariant holds")
    func attacksHappenAndInvariantsHold() throws {
        var kinds: Set<String> = []
        var refusals: [RejectionReason: Int] = [:]
        var attacks = 0, answers = 0
        for seed: UInt64 in 1...12 {
            var options = try smallOptions("byzantine=1", seed: seed, flights: 5, travelers: 3)
            options.keepTrace = true
            let result = try Simulation.run(options)
            #expect(result.allHold, "seed \(seed): \(result.firstFailure.map { "\($0.name): \($0.detail)" } ?? "")")
            attacks += result.summary.byzantineAttacks
            answers += result.summary.toByzantine
            for (reason, count) in result.summary.rejections { refusals[reason, default: 0] += count }
            for line in result.traceLines where line.contains("\"byzantine\"") {
                for kind in ByzantinePeer.Attack.allCases where line.contains("\"" + kind.name + "\"") { kinds.insert(kind.name) }
            }
        }
        #expect(attacks > 0 && answers > 0)
        #expect(kinds == Set(ByzantinePeer.Attack.allCases.map(\.name)))
        #expect(refusals[.foreignId, default: 0] > 0 && refusals[.idReused, default: 0] > 0)
    }

    @Test("seeds without the byzantine peer draw the same faults as before it existed: its draws come from its own stream")
    func withoutItNothingChanges() throws {
        for seed: UInt64 in 1...5 {
            let plain = try Simulation.run(try smallOptions("drop=0.2,dup=0.2,forge=0.3", seed: seed))
            let again = try Simulation.run(try smallOptions("drop=0.2,dup=0.2,forge=0.3,byzantine=0", seed: seed))
            #expect(plain.traceHash == again.traceHash)
            #expect(plain.summary.byzantineAttacks == 0)
        }
    }

    @Test("the new invariants fail on a record changed by another sender and on a refused commit")
    func invariantsCanFail() throws {
        var observer = Observer()
        let traffic = Traffic(watchList: WatchList(listId: "EMPTY", issuedAt: nil, entries: []))
        let flight = FlightSummary(carrier: "TA", flightNumber: "0520", departureAirport: "SAL", arrivalAirport: "IAH",
                                   scheduledDeparture: ExchangeTimeText.timestamp(1_773_475_200_000))
        let record = ManifestRecord(messageId: "SV-DGME:MAN:1", submitter: "SV-DGME", receiver: "US-CBP", state: .received,
                                    flight: flight, travelers: [])
        let key = try SigningKey(rawRepresentation: [UInt8](repeating: 7, count: 32))
        let cause = WireFrame.encode(try SignedMessage.signed(messageId: "GT-IGM:MAN:1", correlationId: "", sender: "GT-IGM",
                                                               receiver: "US-CBP", createdAt: 1_773_475_200_000,
                                                               payload: Array("x".utf8), key: key))
        observer.committed(by: "US-CBP", instance: "US-CBP", StoreTransaction([.putManifest(record)]), cause: cause, traffic: traffic)
        observer.inputDelivered()
        observer.commitRefused(by: "US-CBP", .duplicateInbox(MessageKey(sender: "GT-IGM", messageId: "GT-IGM:MAN:1")))
        let screening = RiskEngine(screener: WatchListScreener(watchList: traffic.watchList))
        let verdicts = observer.verdicts(traffic: traffic, finalStates: [:], screening: screening, instances: 1)
        let failed = Set(verdicts.filter { !$0.holds }.map(\.name))
        #expect(failed.contains("no-record-changed-by-another-sender"))
        #expect(failed.contains("agency-never-crashes-on-input"))
    }
}
