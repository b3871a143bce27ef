public import Foundation
public import PaxExchange
import PaxMessages
import Synchronization

/// The stored JSON of a `ManifestRecord` (sorted keys), made without encoding the same
/// travellers again and again. A manifest is written once per state change (an own manifest:
/// submitted, delivered, assessed), and its travellers — nearly all of its bytes and of the
/// encoding's CPU — do not change between those writes. So the travellers' JSON is kept per
/// record key, and reused while the record's travellers are equal to the ones encoded (an
/// array comparison, immediate when the arrays share storage, as the agency's copies do).
///
/// The bytes are exactly `JSONEncoder` with `.sortedKeys` on the whole record: `travelers`
/// is the record's last key in sorted order, so the record is encoded with no travellers and
/// the kept array (written by `TravelerJSONWriter`, not the generic encoder) is put in place
/// of its `[]`.
public final class ManifestRecordEncoding: Sendable {
    /// The one the stores share (SQLite and PostgreSQL): the same manifest's travellers are
    /// encoded once whichever store writes them.
    public static let shared = ManifestRecordEncoding()

    private struct Kept {
        var travelers: [Traveler]
        var json: Data
    }

    private struct Cache {
        var entries: [MessageKey: Kept] = [:]
        var bytes = 0
    }

    private let cache = Mutex(Cache())
    /// Most bytes of travellers' JSON kept; past it the cache starts again empty.
    let capacityBytes: Int

    public init(capacityBytes: Int = 32 << 20) {
        self.capacityBytes = capacityBytes
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// What an empty travellers list ends the record with (the last key in sorted order).
    private static let emptyTail = Data(#""travelers":[]}"#.utf8)

    /// The record's stored JSON.
    public func encode(_ record: ManifestRecord) throws -> Data {
        guard let parts = try parts(record) else {
            // Not the layout expected (a key sorted after `travelers`): encode it whole.
            return try Self.encoder.encode(record)
        }
        return try Self.joined(head: parts.head, travelers: parts.travelers)
    }

    /// The record's JSON in two parts: `head`, the record with no travellers (ending in
    /// `"travelers":[]}`), and `travelers`, the JSON array of its travellers; `joined` puts
    /// them back together as `encode` makes it. Nil when the record's keys are not in the
    /// layout expected.
    public func parts(_ record: ManifestRecord) throws -> (head: Data, travelers: Data)? {
        var bare = record
        bare.travelers = []
        let head = try Self.encoder.encode(bare)
        guard Self.endsWithEmptyTravelers(head) else { return nil }
        return (head, try travelersJSON(record))
    }

    /// The record's JSON from its `parts`; throws when `head` does not end with an empty
    /// travellers list.
    public static func joined(head: Data, travelers: Data) throws -> Data {
        guard endsWithEmptyTravelers(head) else { throw PartsError() }
        var json = Data(capacity: head.count + travelers.count)
        json.append(head.prefix(head.count - 3)) // up to and including the colon: `"travelers":`
        json.append(travelers)
        json.append(UInt8(ascii: "}"))
        return json
    }

    /// A record head that does not end with `"travelers":[]}`.
    struct PartsError: Error, CustomStringConvertible {
        var description: String { "manifest record head does not end with an empty travellers list" }
    }

    private static func endsWithEmptyTravelers(_ head: Data) -> Bool {
        head.count >= emptyTail.count && head.suffix(emptyTail.count) == emptyTail
    }

    private func travelersJSON(_ record: ManifestRecord) throws -> Data {
        let key = record.key
        if let kept = cache.withLock({ $0.entries[key] }), kept.travelers == record.travelers { return kept.json }
        let json = try TravelerJSONWriter.encode(record.travelers)
        cache.withLock { cache in
            if let old = cache.entries[key] { cache.bytes -= old.json.count }
            if cache.bytes + json.count > capacityBytes {
                cache.entries.removeAll(keepingCapacity: true)
                cache.bytes = 0
            }
            guard json.count <= capacityBytes else { return }
            cache.entries[key] = Kept(travelers: record.travelers, json: json)
            cache.bytes += json.count
        }
        return json
    }
}
