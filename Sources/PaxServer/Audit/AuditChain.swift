import Crypto
import PaxMessages

/// The hash chain's rule: each record's hash is SHA-256 over a canonical, unambiguous encoding
/// of its fields and the previous record's hash.
///
/// Public so that other stores of the same chain (PostgreSQL) hash and verify it alike.
///
/// Encoding: the tag `paxsim-audit-v1`, then each field in a fixed order (sequence, recorded-at
/// milliseconds, kind, actor, message id, traveller ref, details JSON, previous hash) as a
/// netstring `LENGTH:BYTES,` of its UTF-8 text, or `~,` for an absent optional field. Lengths
/// make the encoding injective: no two different records encode to the same bytes.
public enum AuditChain {
    /// The previous hash of the first record.
    public static let genesisHash = String(repeating: "0", count: 64)

    static func hash(sequence: Int64, recordedAtMilliseconds: Int64, kind: String, actor: String,
                     messageId: String?, travellerRef: String?, detailsJSON: String, previousHash: String) -> String {
        var bytes: [UInt8] = Array("paxsim-audit-v1,".utf8)
        func field(_ text: String?) {
            guard let text else {
                bytes.append(contentsOf: "~,".utf8)
                return
            }
            bytes.append(contentsOf: "\(text.utf8.count):".utf8)
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: ","))
        }
        field(String(sequence))
        field(String(recordedAtMilliseconds))
        field(kind)
        field(actor)
        field(messageId)
        field(travellerRef)
        field(detailsJSON)
        field(previousHash)
        return Hex.encode(SHA256.hash(data: bytes))
    }

    public static func hash(of record: AuditRecord) -> String {
        hash(sequence: record.sequence, recordedAtMilliseconds: record.recordedAtMilliseconds, kind: record.kind.rawValue,
             actor: record.actor, messageId: record.messageId, travellerRef: record.travellerRef,
             detailsJSON: record.detailsJSON, previousHash: record.previousHash)
    }
}
