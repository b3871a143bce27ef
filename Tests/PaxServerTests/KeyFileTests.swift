import Foundation
import Testing
@testable import PaxServer

@Suite("Agency keys")
struct KeyFileTests {
    @Test("generate, write, load: same key; signatures verify; modes 0600 and 0644")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pair = try AgencyKeyPair.generate(agency: "US-CBP")
        let files = try pair.write(to: directory.path, replace: false)
        #expect(files.privateKeyPath == directory.file("US-CBP.key"))
        #expect(try fileMode(files.privateKeyPath) == 0o600)
        #expect(try fileMode(files.publicKeyPath) == 0o644)

        let loaded = try AgencyKeyPair.load(path: files.privateKeyPath)
        let publicKey = try AgencyPublicKey.load(path: files.publicKeyPath)
        #expect(loaded.agency == "US-CBP")
        #expect(publicKey == pair.publicKey)
        #expect(loaded.publicKey == pair.publicKey)
        let message = Array("manifest bytes".utf8)
        let signature = try loaded.signature(for: message)
        #expect(publicKey.isValidSignature(signature, for: message))
        #expect(!publicKey.isValidSignature(signature, for: Array("other bytes".utf8)))
        let other = try AgencyKeyPair.generate(agency: "SV-DGME")
        #expect(!other.publicKey.isValidSignature(signature, for: message))
        #expect(pair.publicKey.fingerprint.count == 64)
        #expect(pair.publicKey.fingerprint != other.publicKey.fingerprint)
    }

    @Test("existing files are kept unless replace is asked for; nothing is half-written")
    func refusesOverwrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try AgencyKeyPair.generate(agency: "US-CBP")
        try first.write(to: directory.path, replace: false)
        let second = try AgencyKeyPair.generate(agency: "US-CBP")
        #expect(throws: FileWriteError.self) { try second.write(to: directory.path, replace: false) }
        #expect(try AgencyPublicKey.load(path: directory.file("US-CBP.pub")) == first.publicKey)
        // Only the public key exists: still refused, and no private key appears.
        try FileManager.default.removeItem(atPath: directory.file("US-CBP.key"))
        #expect(throws: FileWriteError.self) { try second.write(to: directory.path, replace: false) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("US-CBP.key")))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
        try second.write(to: directory.path, replace: true)
        #expect(try AgencyKeyPair.load(path: directory.file("US-CBP.key")).publicKey == second.publicKey)
        #expect(try fileMode(directory.file("US-CBP.key")) == 0o600)
    }

    @Test("a private key readable by group or others is refused with the fix")
    func refusesLoosePermissions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let files = try AgencyKeyPair.generate(agency: "US-CBP").write(to: directory.path, replace: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: files.privateKeyPath)
        let error = try #require(throws: KeyFileError.self) { try AgencyKeyPair.load(path: files.privateKeyPath) }
        #expect(error.description.contains("mode 0644"))
        #expect(error.description.contains("chmod 600"))
    }

    @Test("damaged key files: file, line and what is wrong", arguments: [
        ("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n", 1, "no 'PaxSim-Agency: ID' line"),
        ("PaxSim-Agency: US-CBP\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", 2, "expected '-----BEGIN PUBLIC KEY-----'"),
        ("PaxSim-Agency: US-CBP\n-----BEGIN PUBLIC KEY-----\nMCow*BQYD\n-----END PUBLIC KEY-----\n", 3, "not base64"),
        ("PaxSim-Agency: US-CBP\n-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n", 3, "cut short"),
        ("PaxSim-Agency: US CBP\n-----BEGIN PUBLIC KEY-----\n", 1, "contains ' '"),
        ("Agency: US-CBP\n", 1, "unknown header"),
        ("PaxSim-Agency: US-CBP\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", 2, "not an Ed25519 public key"),
        ("PaxSim-Agency: US-CBP\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\nextra\n", 5, "text after"),
        ("hello\n", 1, "expected 'PaxSim-Agency: ID'"),
    ])
    func damagedPublicKeys(text: String, line: Int, reason: String) throws {
        let error = try #require(throws: KeyFileError.self) { try AgencyPublicKey(fileText: text, path: "peer.pub") }
        #expect(error.path == "peer.pub")
        #expect(error.line == line, "\(error)")
        #expect(error.reason.contains(reason), "\(error)")
    }

    @Test("missing and non-key files")
    func missingFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = try #require(throws: KeyFileError.self) { try AgencyPublicKey.load(path: directory.file("none.pub")) }
        #expect(missing.reason == "no such file")
        try Data([0xFF, 0xFE, 0x00]).write(to: directory.url.appendingPathComponent("binary.pub"))
        let binary = try #require(throws: KeyFileError.self) { try AgencyPublicKey.load(path: directory.file("binary.pub")) }
        #expect(binary.reason.contains("not UTF-8"))
    }

    @Test("descriptions never show the private key")
    func noSecretInDescriptions() throws {
        let pair = try AgencyKeyPair.generate(agency: "US-CBP")
        let secretBase64 = pair.privateFileText.split(separator: "\n")[2]
        var dumped = ""
        dump(pair, to: &dumped)
        for text in [pair.description, pair.debugDescription, String(describing: pair), String(reflecting: pair), dumped, "\(pair)"] {
            #expect(!text.contains(secretBase64))
            #expect(text.contains("US-CBP"))
        }
    }

    @Test("OpenSSL reads the files: same public key, same fingerprint")
    func openSSLAgrees() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pair = try AgencyKeyPair.generate(agency: "US-CBP")
        let files = try pair.write(to: directory.path, replace: false)
        let publicPEM = try run("/usr/bin/openssl", ["pkey", "-in", files.privateKeyPath, "-pubout"])
        let ourPEM = pair.publicKey.fileText.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        #expect(String(decoding: publicPEM, as: UTF8.self) == ourPEM)
        let der = try run("/usr/bin/openssl", ["pkey", "-pubin", "-in", files.publicKeyPath, "-outform", "DER"])
        #expect(der == pair.publicKey.derBytes)
    }

    private func run(_ program: String, _ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return Array(data)
    }
}
