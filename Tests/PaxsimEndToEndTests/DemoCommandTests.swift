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
        // The airline: one flight as PAXLST through the carrier API, a CONTRL at once, then a CUSRES
        // answering each of its 24 travellers, the planted subject among them not to board or advisory.
        let sent = out.split(separator: "\n").first { $0.hasPrefix("carrier ") && $0.contains(" PAXLST ") }
        #expect(sent?.contains("(24 travellers") == true && sent?.contains("CONTRL acknowledged") == true, "\(out)")
        let tally = try #require(out.split(separator: "\n").first { $0.hasPrefix("carrier ") && $0.contains(" CUSRES ") && $0.contains("board (0Z)") },
                                 "no CUSRES tally in:\n\(out)")
        let answered = tally.split(separator: ":").last?.split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }.reduce(0, +)
        #expect(answered == 24, "\(tally)")
        #expect(out.contains("(a planted watch-list subject)"), "\(out)")
        #expect(out.contains("planted subjects flagged 1 of 1"), "\(out)")
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

    @Test("--dir replaces symbolic links planted at the watch list and a configuration, never writing through them; a link at a database is refused")
    func plantedLinksAreNotFollowed() throws {
        let directory = try Paxsim.temporaryDirectory()
        let outside = try Paxsim.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: outside)
        }
        let victims = ["watchlist.xml", "SV-DGME.json"].map { name in (name, outside.appendingPathComponent("victim-" + name)) }
        for (name, victim) in victims {
            try Data("do not touch\n".utf8).write(to: victim)
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent(name).path, withDestinationPath: victim.path)
        }
        let result = try Paxsim.run(["demo", "--flights", "2", "--travelers", "3", "--queries", "1", "--plant", "1",
                                     "--dir", directory.path])
        #expect(result.status == 0, "\(result.all)")
        for (name, victim) in victims {
            #expect(try String(contentsOf: victim, encoding: .utf8) == "do not touch\n", "\(name) was written through the link")
            let type = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.type] as? FileAttributeType
            #expect(type == .typeRegular, "\(name) is \(String(describing: type))")
        }
        // No temporary file is left beside them.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(left.isEmpty, "\(left)")

        let second = try Paxsim.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: second) }
        let victim = outside.appendingPathComponent("victim.sqlite")
        try Data().write(to: victim)
        try FileManager.default.createSymbolicLink(atPath: second.appendingPathComponent("US-CBP.sqlite").path, withDestinationPath: victim.path)
        let refused = try Paxsim.run(["demo", "--flights", "2", "--travelers", "3", "--dir", second.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("US-CBP.sqlite") && refused.stderr.contains("symbolic link"), "\(refused.all)")
        #expect(try Data(contentsOf: victim).isEmpty)
    }

    @Test("bad options are usage errors (exit 2) that name the option")
    func badOptions() throws {
        let result = try Paxsim.run(["demo", "--flights", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--flights"))
    }
}
