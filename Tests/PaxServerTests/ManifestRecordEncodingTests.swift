import Foundation
import PaxExchange
import PaxMessages
import SafeXML
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

    /// Every character class the writer treats apart: JSON's escapes, every control
    /// character, the slash JSONEncoder escapes, DEL, non-ASCII and astral characters.
    static let awkward = "a\"b\\c/d" + String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        + "\u{7F}é\u{2028}日本😀 end"

    @Test("writes travellers byte for byte as JSONEncoder does, every optional and awkward text included")
    func travelersSameBytesAsJSONEncoder() throws {
        let manifest = try LiveAgencyTests.manifest(seed: 5, travelers: 8)
        var travelers = manifest.travelers
        let element = XMLElement(name: QualifiedName(namespace: "urn:vendor", localName: "Note"), prefix: "v",
                                 attributes: [.init(name: QualifiedName(namespace: "", localName: "k"), value: Self.awkward)],
                                 text: Self.awkward, line: 3)
        var full = travelers[0]
        full.givenNames = Self.awkward
        full.surname = Self.awkward
        full.countryOfResidence = "USA"
        full.placeOfBirth = "San Salvador/SV"
        full.address = Address(street: Self.awkward, city: "Q", postalCode: "12/34", country: "SLV")
        full.seat = "23C"
        full.bags = Baggage(count: 3, tags: ["0123456789", Self.awkward])
        full.recordLocator = "AB/C\\D"
        full.verified = true
        full.extensions = [element]
        full.documents[0].mrzLines = ["P<SLV" + Self.awkward, "line2"]
        full.documents[0].extensions = [element]
        travelers.append(full)
        var bare = travelers[1]
        bare.givenNames = nil
        bare.countryOfResidence = nil
        bare.placeOfBirth = nil
        bare.address = nil
        bare.seat = nil
        bare.bags = nil
        bare.recordLocator = nil
        bare.address = Address(street: "S", city: "C", country: "SLV")
        travelers.append(bare)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let expected = try encoder.encode(travelers)
        let written = try TravelerJSONWriter.encode(travelers)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(written == expected)
        // Read back: the new bytes, and the bytes databases written before hold (JSONEncoder's).
        #expect(try JSONDecoder().decode([Traveler].self, from: written) == travelers)
        #expect(try JSONDecoder().decode([Traveler].self, from: expected) == travelers)
        #expect(try TravelerJSONWriter.encode([]) == encoder.encode([Traveler]()))
    }

    @Test("a whole record with awkward travellers is JSONEncoder's bytes and decodes to itself")
    func recordWithAwkwardTravelers() throws {
        let manifest = try LiveAgencyTests.manifest(seed: 9, travelers: 3)
        var travelers = manifest.travelers
        travelers[0].surname = Self.awkward
        let record = ManifestRecord(messageId: manifest.header.messageId, submitter: "SV-DGME", receiver: "US-CBP",
                                    state: .received, flight: try #require(FlightSummary(manifest.flight)),
                                    travelers: travelers)
        let bytes = try ManifestRecordEncoding().encode(record)
        #expect(bytes == (try Self.plain(record)))
        #expect(try JSONDecoder().decode(ManifestRecord.self, from: bytes) == record)
    }
}
