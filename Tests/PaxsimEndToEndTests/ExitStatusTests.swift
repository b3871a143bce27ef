import Foundation
import Testing

/// Every command fails one way: one message on standard error (nothing on standard output),
/// status 1 for a problem found, 2 for a usage or I/O error (README, "Other commands").
@Suite(.timeLimit(.minutes(5)))
struct ExitStatusTests {
    static let make = ["mrz", "make", "--issuing-state", "UTO", "--surname", "ERIKSSON", "--number", "L898902C3",
                       "--birth-date", "1974-08-12", "--expiry-date", "2032-04-15"]

    @Test func usageErrorsExitTwoWithOneMessageOnStandardError() throws {
        let cases: [([String], String)] = [
            (Self.make + ["--format", "td9"], "paxsim mrz: --format must be td3, td1 or mrva"),
            (["mrz", "check", "P<UTOERIKSSON"], "paxsim mrz: give the 2 or 3 MRZ lines as arguments, found 1"),
            (["validate", "--no-such-option", "x.xml"], "no-such-option"),
            (["agency", "submit", "--config", "/no/such/config.json", "/no/such/dir"], "paxsim agency submit:"),
            (["schema", "export", "/proc/no-such-dir/x"], "paxsim schema export:"),
        ]
        for (arguments, message) in cases {
            let result = try Paxsim.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.all)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
        }
    }

    @Test func problemsFoundExitOne() throws {
        let valid = try Paxsim.run(Self.make)
        #expect(valid.status == 0, "\(valid.all)")
        let lines = valid.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let good = try Paxsim.run(["mrz", "check"] + lines)
        #expect(good.status == 0, "\(good.all)")
        // One wrong check digit: the report says which, the status is 1, stderr stays empty.
        var broken = lines
        let second = Array(broken[1])
        broken[1] = String(second[0..<9]) + (second[9] == "0" ? "1" : "0") + String(second[10...])
        let bad = try Paxsim.run(["mrz", "check"] + broken)
        #expect(bad.status == 1, "\(bad.all)")
        #expect(bad.stdout.contains("INVALID"))
        #expect(bad.stderr.isEmpty, "\(bad.stderr)")
    }
}
