import Foundation
import Testing

@Suite("paxsim demo")
struct DemoCommandTests {
    @Test("the README's main command, as written: two live agencies exchange flights, refuse a forgery, and clean up")
    func theReadmesMainCommandRunsClean() throws {
        let readme = try String(contentsOf: Paxsim.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let line = try #require(readme.split(separator: "\n").first { $0.hasPrefix("swift run paxsim ") })
        let command = line.split(separator: "#")[0].split(separator: " ").dropFirst(3).map(String.init)
        #expect(command.first == "demo")
        let result = try Paxsim.run(command)
        #expect(result.status == 0, "\(result.all)")
        let out = result.stdout
        for expected in ["SV-DGME listening on http://127.0.0.1:", "US-CBP listening on http://127.0.0.1:",
                         "(24 travellers)", ": manifest-accepted", "risk assessment US-CBP:RA:", ": assessment-accepted",
                         "assistance request", "REFUSED bad-signature", "forged message refused: yes", "demo: OK"] {
            #expect(out.contains(expected), "missing '\(expected)' in:\n\(out)")
        }
        let intact = out.split(separator: "\n").filter { $0.contains("audit log intact") }
        #expect(intact.count == 2, "\(out)")
        #expect(!out.contains("BROKEN") && !out.contains("ALERT"))
        // The temporary directory named on the first line is gone.
        let first = try #require(out.split(separator: "\n").first)
        let directory = try #require(first.components(separatedBy: "databases in ").last)
        #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) left behind")
    }

    @Test("--dir keeps keys, configurations and databases; their audit logs verify with paxsim audit verify")
    func keptDirectoryVerifies() throws {
        let directory = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Paxsim.run(["demo", "--flights", "2", "--travelers", "5", "--queries", "1", "--plant", "1",
                                     "--dir", directory.path])
        #expect(result.status == 0, "\(result.all)")
        for agency in ["SV-DGME", "US-CBP"] {
            let verified = try Paxsim.run(["audit", "verify", directory.appendingPathComponent("\(agency).sqlite").path])
            #expect(verified.status == 0, "\(verified.all)")
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("keys/\(agency).key").path))
        }
    }

    @Test("bad options are usage errors (exit 2) that name the option")
    func badOptions() throws {
        let result = try Paxsim.run(["demo", "--flights", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--flights"))
    }
}
