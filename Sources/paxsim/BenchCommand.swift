import ArgumentParser
import Foundation
import PaxServer

extension Paxsim {
    /// `paxsim bench`: in-process micro-benchmarks for `Benchmarks/` scripts (hidden).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "In-process micro-benchmarks driven by the scripts in Benchmarks/.",
            shouldDisplay: false,
            subcommands: [PayloadCheck.self]
        )
    }
}

extension Paxsim.Bench {
    /// `paxsim bench payload-check`: the per-request payload check of a live agency, timed.
    struct PayloadCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "payload-check",
            abstract: "Time the payload check and screening a live agency runs on each received manifest.",
            discussion: """
            Runs PayloadPrecheck.compute (hardened parse, schema, business rules, decode, \
            screening) over the manifest files, one thread, and prints the best round's \
            microseconds per manifest as JSON (wall and thread CPU), with the check and the \
            screening also timed apart. Every file must pass the check.
            """
        )

        @Option(help: "Watch list the screening engine uses (as an agency's \"watchList\").")
        var watchlist: String?

        @Option(help: "Timed rounds over all the files (the best is reported).")
        var rounds = 5

        @Argument(help: ArgumentHelp("TravelerManifest files.", valueName: "file"))
        var files: [String] = []

        func run() throws {
            let benchmark: PayloadCheckBenchmark
            do {
                benchmark = try PayloadCheckBenchmark(files: files, watchListPath: watchlist)
            } catch {
                throw CommandFailure.usage("paxsim bench payload-check: \(error.description)")
            }
            let figures = benchmark.run(rounds: rounds)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            Output.out(bytes: Array(try encoder.encode(figures)) + [0x0A])
        }
    }
}
