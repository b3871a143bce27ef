import Foundation
import GRDB
import PaxServer
import Testing

@Suite("paxsim keys and audit, end to end")
struct AgencyGroundworkCommandTests {
    @Test("keys generate: two files with modes 0600/0644, fingerprint printed, overwrite refused with exit 2")
    func keysGenerate() throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Paxsim.run(["keys", "generate", "--agency", "US-CBP", "--out", directory.path])
        #expect(result.status == 0, "\(result.all)")
        let keyPath = directory.appendingPathComponent("US-CBP.key").path
        let pubPath = directory.appendingPathComponent("US-CBP.pub").path
        let keyMode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? NSNumber
        let pubMode = try FileManager.default.attributesOfItem(atPath: pubPath)[.posixPermissions] as? NSNumber
        #expect(keyMode?.intValue == 0o600)
        #expect(pubMode?.intValue == 0o644)
        let publicKey = try AgencyPublicKey.load(path: pubPath)
        #expect(result.stdout.contains("SHA256:\(publicKey.fingerprint)"))
        let privateText = try String(contentsOfFile: keyPath, encoding: .utf8)
        let secretLine = try #require(privateText.split(separator: "\n").dropFirst(2).first)
        #expect(!result.all.contains(secretLine))
        #expect(try AgencyKeyPair.load(path: keyPath).publicKey == publicKey)

        let again = try Paxsim.run(["keys", "generate", "--agency", "US-CBP", "--out", directory.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("US-CBP.key: already exists (use --force to replace it)"), "\(again.all)")
        #expect(try AgencyPublicKey.load(path: pubPath) == publicKey)

        let forced = try Paxsim.run(["keys", "generate", "--agency", "US-CBP", "--out", directory.path, "--force"])
        #expect(forced.status == 0, "\(forced.all)")
        #expect(try AgencyPublicKey.load(path: pubPath) != publicKey)

        let badAgency = try Paxsim.run(["keys", "generate", "--agency", "../x", "--out", directory.path])
        #expect(badAgency.status == 2)
        #expect(badAgency.stderr.contains("agency identifier"))
        let noDirectory = try Paxsim.run(["keys", "generate", "--agency", "SV-DGME", "--out", directory.appendingPathComponent("none").path])
        #expect(noDirectory.status == 2)
        #expect(noDirectory.stderr.contains("no such directory"))
    }

    @Test("audit verify: 0 intact (with head), 1 tampered, 2 not a PaxSim database")
    func auditVerify() async throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("agency.sqlite").path
        let database = try AgencyDatabase.open(path: path)
        let log = AuditLog(database: database)
        for index in 1...6 { try await log.append(AuditEvent(kind: .messageIn, actor: "SV-DGME", messageId: "m\(index)")) }
        let head = try #require(try await log.head())
        try database.pool.close()

        let good = try Paxsim.run(["audit", "verify", path])
        #expect(good.status == 0, "\(good.all)")
        #expect(good.stdout.contains("intact: 6 records, head \(head)"))
        let withHead = try Paxsim.run(["audit", "verify", path, "--expect-head", head.description])
        #expect(withHead.status == 0, "\(withHead.all)")

        let tamper = try DatabaseQueue(path: path)
        try await tamper.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_append_only_update")
            try db.execute(sql: "UPDATE audit_log SET actor = 'someone-else' WHERE sequence = 3")
        }
        try tamper.close()
        let bad = try Paxsim.run(["audit", "verify", path])
        #expect(bad.status == 1, "\(bad.all)")
        #expect(bad.stdout.contains("BROKEN at record 3: altered"), "\(bad.all)")

        let textFile = directory.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: textFile)
        let notDatabase = try Paxsim.run(["audit", "verify", textFile.path])
        #expect(notDatabase.status == 2, "\(notDatabase.all)")
        #expect(notDatabase.stderr.contains("not a SQLite database"))
        let missing = try Paxsim.run(["audit", "verify", directory.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file"))
        let badHead = try Paxsim.run(["audit", "verify", path, "--expect-head", "7:xyz"])
        #expect(badHead.status == 2)
    }
}
