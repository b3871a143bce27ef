import Foundation
import GRDB
import Testing
@testable import PaxServer

/// The agency database and its -wal and -shm files are private to the owner from creation.
@Suite("Database file modes")
struct DatabaseFileModeTests {
    @Test("a new agency database, its -wal and its -shm are 0600 whatever the umask allows")
    func newDatabaseIsPrivate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("agency.sqlite")
        let database = try AgencyDatabase.open(path: path)
        try await AuditLog(database: database).append(AuditEvent(kind: .messageIn, actor: "SV-DGME"))
        _ = try await database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") }
        for suffix in ["", "-wal", "-shm"] {
            #expect(FileManager.default.fileExists(atPath: path + suffix), "\(suffix)")
            let mode = try fileMode(path + suffix)
            #expect(mode == 0o600, "agency.sqlite\(suffix) is \(String(mode, radix: 8))")
        }
    }

    @Test("an existing database readable by others is narrowed to 0600 on opening, with its companions")
    func existingDatabaseNarrowed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("agency.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)  // created by plain SQLite: 0644 less the umask
            try await queue.write { db in try db.execute(sql: "CREATE TABLE t (x)"); try db.execute(sql: "DROP TABLE t") }
            try queue.close()
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let database = try AgencyDatabase.open(path: path)
        _ = try await database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") }
        #expect(try fileMode(path) == 0o600)
        #expect(try fileMode(path + "-wal") == 0o600)
    }

    @Test("a database path that cannot be created names the file")
    func uncreatable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = try #require(throws: AgencyDatabaseError.self) { try AgencyDatabase.open(path: directory.file("missing/agency.sqlite")) }
        #expect(error.path.hasSuffix("missing/agency.sqlite"))
        #expect(error.reason.contains("cannot create"))
    }
}
