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
        var bare = record
        bare.travelers = []
        let head = try Self.encoder.encode(bare)
        guard head.count >= Self.emptyTail.count, head.suffix(Self.emptyTail.count) == Self.emptyTail else {
            // Not the layout expected (a key sorted after `travelers`): encode it whole.
            return try Self.encoder.encode(record)
        }
        let travelers = try travelersJSON(record)
        var json = Data(capacity: head.count + travelers.count)
        json.append(head.prefix(head.count - 3)) // up to and including the colon: `"travelers":`
        json.append(travelers)
        json.append(UInt8(ascii: "}"))
        return json
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
