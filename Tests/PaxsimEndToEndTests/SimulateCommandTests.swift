import Foundation
import Testing

@Suite("paxsim simulate, end to end")
struct SimulateCommandTests {
    static func traceHash(_ output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("trace hash: ") }.map { String($0.dropFirst("trace hash: ".count)) }
    }

    @Test func theSameSeedGivesTheSameTraceHashAndTraceFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["simulate", "--seed", "7", "--flights", "6", "--travelers", "8",
                         "--faults", "drop=0.1,dup=0.05,delay=0.2:5,corrupt=0.02,crash=1,partition=1:30,skew=10,forge=0.2"]
        let first = try Paxsim.run(arguments + ["--trace", directory.appendingPathComponent("a.jsonl").path])
        let second = try Paxsim.run(arguments)
        #expect(first.status == 0, "\(first.all)")
        #expect(second.status == 0, "\(second.all)")
        let hash = try #require(Self.traceHash(first.stdout))
        #expect(hash.count == 64 && Self.traceHash(second.stdout) == hash)
        #expect(first.stdout.contains("PASS  manifest-terminal-exactly-once"))
        #expect(first.stdout.contains("events/s"))
        // The trace file hashes to the printed trace hash.
        let sha = try Paxsim.runProgram("/usr/bin/sha256sum", [directory.appendingPathComponent("a.jsonl").path])
        #expect(sha.stdout.hasPrefix(hash))
    }

    /// The README's first command for a fresh machine, read from the README itself, must run
    /// clean: exit 0, a timeline, every invariant PASS, a trace hash.
    @Test func allFaultsVerboseRunsClean() throws {
        let result = try Paxsim.run(["simulate", "--faults", "all", "--verbose"])
        #expect(result.status == 0, "\(result.all)")
        let invariants = result.stdout.split(separator: "\n").filter { $0.hasPrefix("PASS ") || $0.hasPrefix("FAIL ") }
        #expect(invariants.count == 10 && invariants.allSatisfy { $0.hasPrefix("PASS ") }, "\(invariants)")
        #expect(result.stdout.contains(" submits "))
        #expect(Self.traceHash(result.stdout)?.count == 64)
    }

    @Test func manySeedsRunAndPass() throws {
        let result = try Paxsim.run(["simulate", "--seeds", "1..20", "--flights", "4", "--travelers", "5", "--faults", "all"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stdout.contains("20 seeds"))
    }

    @Test func aBadFaultSpecIsAUsageErrorNamingTheKey() throws {
        let result = try Paxsim.run(["simulate", "--faults", "drop=0.1,jitter=3"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("jitter"))
        let value = try Paxsim.run(["simulate", "--faults", "drop=1.5"])
        #expect(value.status == 2)
        #expect(value.stderr.contains("drop=1.5"))
    }

    @Test("--check-workers outside 0...64 is a usage error; 0 and 2 give the same trace hash")
    func checkWorkersAreValidatedAndChangeNothing() throws {
        for bad in ["--check-workers=-1", "--check-workers=65"] {
            let refused = try Paxsim.run(["simulate", bad])
            #expect(refused.status == 2, "\(bad)")
            #expect(refused.stderr.contains("--check-workers must be between 0 and 64"), "\(refused.stderr)")
        }
        let arguments = ["simulate", "--seed", "5", "--flights", "4", "--travelers", "6", "--faults", "all"]
        let inline = try Paxsim.run(arguments + ["--check-workers", "0"])
        let ahead = try Paxsim.run(arguments + ["--check-workers", "2"])
        #expect(inline.status == 0, "\(inline.all)")
        let hash = { (output: String) in output.split(separator: "\n").first { $0.hasPrefix("trace hash:") } }
        #expect(hash(inline.stdout) != nil)
        #expect(hash(inline.stdout) == hash(ahead.stdout))
    }

    @Test("--instances 2: the receiving agency as two instances, every invariant PASS, the same hash twice; 0 and 9 refused")
    func twoInstancesRunClean() throws {
        let arguments = ["simulate", "--seed", "3", "--flights", "6", "--travelers", "6", "--faults", "all", "--instances", "2"]
        let first = try Paxsim.run(arguments)
        let second = try Paxsim.run(arguments)
        #expect(first.status == 0, "\(first.all)")
        let invariants = first.stdout.split(separator: "\n").filter { $0.hasPrefix("PASS ") || $0.hasPrefix("FAIL ") }
        #expect(invariants.count == 10 && invariants.allSatisfy { $0.hasPrefix("PASS ") }, "\(invariants)")
        #expect(first.stdout.contains("PASS  lease-held-by-one-instance") && first.stdout.contains("under its instance's unexpired lease"))
        #expect(first.stdout.contains("instances: receiver / inbox conflicts") && first.stdout.contains("--instances 2"))
        #expect(Self.traceHash(first.stdout) != nil && Self.traceHash(first.stdout) == Self.traceHash(second.stdout))
        for bad in ["0", "9"] {
            let refused = try Paxsim.run(["simulate", "--instances", bad])
            #expect(refused.status == 2, "\(bad)")
            #expect(refused.stderr.contains("--instances must be between 1 and 8"), "\(refused.stderr)")
        }
        let help = try Paxsim.run(["simulate", "--help"])
        #expect(help.stdout.contains("--instances"))
    }
}
