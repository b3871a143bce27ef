import Foundation
import PaxExchange
import PaxMessages
import Testing
@testable import PaxServer

@Suite("Manifest record encoding")
struct ManifestRecordEncodingTests {
    static func plain(_ record: ManifestRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(record)
    }

    @Test("gives JSONEncoder's bytes for every state change of a manifest, travellers reused or changed")
    func sameBytesAsJSONEncoder() throws {
        let manifest = try LiveAgencyTests.manifest(seed: 11, travelers: 5)
        var record = ManifestRecord(messageId: manifest.header.messageId, submitter: "SV-DGME", receiver: "US-CBP",
                                    state: .submitted, flight: try #require(FlightSummary(manifest.flight)),
                                    travelers: manifest.travelers)
        let encoding = ManifestRecordEncoding()
        #expect(try encoding.encode(record) == Self.plain(record))
        record.state = .delivered
        record.assessmentDeadline = 123_456
        #expect(try encoding.encode(record) == Self.plain(record))
        record.state = .assessed
        record.outcomes = [record.travelers[0].reference: .inspect]
        #expect(try encoding.encode(record) == Self.plain(record))
        // Travellers that differ from the kept ones (masked by retention) are encoded anew.
        record.travelers = record.travelers.map { SQLiteExchangeStore.masked($0, with: "MASKED") }
        let masked = try encoding.encode(record)
        #expect(masked == (try Self.plain(record)))
        #expect(try JSONDecoder().decode(ManifestRecord.self, from: masked) == record)
        // Another submitter's record under the same id never gets these travellers.
        var other = record
        other.submitter = "US-CBP"
        other.travelers = Array(manifest.travelers.prefix(2))
        #expect(try encoding.encode(other) == Self.plain(other))
    }

    @Test("past its capacity it starts again and still encodes correctly")
    func boundedCache() throws {
        let encoding = ManifestRecordEncoding(capacityBytes: 1_024)
        for seed in 1...4 {
            let manifest = try LiveAgencyTests.manifest(seed: UInt64(seed), travelers: 3)
            let record = ManifestRecord(messageId: manifest.header.messageId, submitter: "SV-DGME", receiver: "US-CBP",
                                        state: .received, flight: try #require(FlightSummary(manifest.flight)),
                                        travelers: manifest.travelers)
            #expect(try encoding.encode(record) == Self.plain(record))
            #expect(try encoding.encode(record) == Self.plain(record))
        }
    }
}
