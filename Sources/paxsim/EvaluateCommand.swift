import ArgumentParser
import PaxBase
import PaxMessages
import PaxRisk

extension Paxsim {
    /// `paxsim evaluate`: measure screening against the generator's ground truth.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluate",
            abstract: "Precision, recall and F1 of watch-list screening against planted travellers.",
            discussion: """
            The truth file is JSON Lines, one object per planted traveller: manifestMessageId, \
            travelerReference, watchListEntryId, perturbation. Every other traveller is a true \
            negative. The threshold is --threshold, else the rules file's \
            watchList.minimumMatchScore, else 0.5.
            """
        )

        @Argument(help: "Manifest files, or directories of them (*.xml).")
        var manifests: [String]

        @Option(help: ArgumentHelp("The watch list (XML or CSV).", valueName: "file"))
        var watchlist: String

        @Option(help: ArgumentHelp("The ground truth (JSON Lines).", valueName: "file"))
        var truth: String

        @Option(help: ArgumentHelp("Rules file whose watchList.minimumMatchScore is the threshold.", valueName: "file"))
        var rules: String?

        @Option(help: "Match score at or above which a traveller is flagged.")
        var threshold: Double?

        @Option(help: "Planted travellers that were missed to list (0: none).")
        var showMissed = 20

        @Option(name: .shortAndLong, help: "Threads to screen with (default: one per core).")
        var jobs = 0

        func validate() throws {
            guard !manifests.isEmpty else { throw ValidationError("give at least one manifest file or directory") }
            if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be between 0 and 1") }
        }

        func run() throws {
            let workers = jobs == 0 ? ParallelWork.defaultWorkers : jobs
            let list = try RiskInputs.watchList(watchlist, lenient: false)
            let policy = try RiskInputs.rules(rules).policy
            let groundTruth: GroundTruth
            do {
                groundTruth = try GroundTruth.load(path: truth)
            } catch {
                throw CommandFailure.usage(error.description)
            }
            let loaded = try RiskInputs.manifests(manifests, workers: workers)
            let result = Evaluation.evaluate(screener: WatchListScreener(watchList: list.watchList),
                                             manifests: loaded.map(\.manifest), truth: groundTruth,
                                             threshold: threshold ?? policy.minimumMatchScore, workers: workers)
            Output.out("watch list: \(list.watchList.entries.count) entries; manifests: \(loaded.count)")
            Output.out(result.text)
            if showMissed > 0 && !result.missed.isEmpty {
                Output.out("")
                Output.out("missed (\(result.missed.count)):")
                for line in result.missed.prefix(showMissed) { Output.out("  " + line) }
            }
        }
    }
}
