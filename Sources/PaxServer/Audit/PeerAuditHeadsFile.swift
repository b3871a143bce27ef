import Foundation
import GRDB

/// Peer audit heads as an operator hands them over: the peer's agency database itself, or
/// its export by `paxsim audit heads` (JSON Lines, one `PeerAuditHead` object a line).
public enum PeerAuditHeadsFile {
    /// Every head a database holds from its peers (for `paxsim audit heads`).
    public static func heads(inDatabase path: String) throws(AgencyDatabaseError) -> [PeerAuditHead] {
        let queue = try AgencyDatabase.openReadOnly(path: path)
        do {
            return try queue.read { db in try PeerAuditHeads.all(in: db) }
        } catch {
            throw AgencyDatabaseError(path: path, reason: "cannot read the peer audit heads: \(AgencyDatabase.describe(error))")
        }
    }

    /// `heads` as JSON Lines (sorted keys), the export format.
    public static func jsonLines(_ heads: [PeerAuditHead]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return heads.compactMap { head in (try? encoder.encode(head)).map { String(decoding: $0, as: UTF8.self) + "\n" } }.joined()
    }

    /// The heads recorded about `agency` in `path` (a PaxSim agency database, or an export).
    /// Throws with the file, the line and what is wrong for an unreadable export.
    public static func heads(about agency: String, in path: String) throws(AgencyDatabaseError) -> [PeerAuditHead] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw AgencyDatabaseError(path: path, reason: "cannot open") }
        let magic = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        if magic.starts(with: Array("SQLite format 3".utf8)) {
            return try heads(inDatabase: path).filter { $0.peer == agency }
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AgencyDatabaseError(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        guard data.count <= 64 << 20 else { throw AgencyDatabaseError(path: path, reason: "larger than 64 MiB: not a head export") }
        var heads: [PeerAuditHead] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let text = line.filter { $0 != UInt8(ascii: "\r") }
            if text.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            let head: PeerAuditHead
            do {
                head = try JSONDecoder().decode(PeerAuditHead.self, from: Data(text))
            } catch {
                throw AgencyDatabaseError(path: path, reason: "line \(index + 1): not a peer audit head (a JSON object with peer, sequence, hash, reportedAtMilliseconds, messageId)")
            }
            guard head.sequence >= 1, AuditHeadText.isHash(head.hash) else {
                throw AgencyDatabaseError(path: path, reason: "line \(index + 1): sequence must be 1 or more and hash 64 lower-case hex digits")
            }
            if head.peer == agency { heads.append(head) }
        }
        return heads
    }
}
