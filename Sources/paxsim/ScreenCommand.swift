import ArgumentParser
import Foundation
import PaxBase
import PaxMessages
import PaxRisk

extension Paxsim {
    /// `paxsim screen`: screen manifests against a watch list and risk rules.
    struct Screen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "screen",
            abstract: "Screen the travellers of manifests against a watch list and risk rules.",
            discussion: """
            Prints the travellers who are not cleared: the outcome, the rules' risk score, the \
            best hit's identity confidence, and every reason (watch-list entry or rule id, the \
            hit's identity confidence, the outcome it asks for, matched fields). A hit asks for \
            its entry's action, NoBoard only when matched at or above noBoardMatchScore. \
            --format xml writes the RiskAssessment message answering each manifest. Exit \
            status: 0 screened, 2 usage or input error.
            """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json, xml
        }

        @Argument(help: "Manifest files, or directories of them (*.xml).")
        var manifests: [String]

        @Option(help: ArgumentHelp("The watch list (XML or CSV).", valueName: "file"))
        var watchlist: String

        @Option(help: ArgumentHelp("Rules and thresholds (YAML or JSON).", valueName: "file"))
        var rules: String?

        @Option(help: "table (travellers not cleared), json, or xml (RiskAssessment messages).")
        var format: Format = .table

        @Option(name: .shortAndLong, help: ArgumentHelp("With --format xml and several manifests: the directory to write <manifest>.risk.xml files to.", valueName: "dir"))
        var output: String?

        @Flag(help: "Include cleared travellers in the table or JSON.")
        var all = false

        @Flag(help: "Load the good entries of a watch list with bad ones (and report those).")
        var lenient = false

        @Option(name: .shortAndLong, help: "Threads to screen with (default: one per core).")
        var jobs = 0

        @Flag(help: "Print load and screening times and throughput on standard error.")
        var stats = false

        func validate() throws {
            guard !manifests.isEmpty else { throw ValidationError("give at least one manifest file or directory") }
            guard jobs >= 0 else { throw ValidationError("--jobs must be 0 (all cores) or more") }
        }

        func run() throws {
            let clock = ContinuousClock()
            var start = clock.now
            func lap() -> Double {
                let now = clock.now
                defer { start = now }
                let d = now - start
                return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
            let workers = jobs == 0 ? ParallelWork.defaultWorkers : jobs
            let list = try RiskInputs.watchList(watchlist, lenient: lenient)
            let loadSeconds = lap()
            let ruleSet = try RiskInputs.rules(rules)
            let screener = WatchListScreener(watchList: list.watchList)
            let indexSeconds = lap()
            let loaded = try RiskInputs.manifests(manifests, workers: workers)
            let manifestSeconds = lap()
            let engine = RiskEngine(screener: screener, rules: ruleSet)
            let (risks, counts) = engine.assessCounting(loaded.map(\.manifest), workers: workers)
            let screenSeconds = lap()
            let travelers = risks.reduce(0) { $0 + $1.count }
            if stats {
                Output.err(String(format: "watch list: %d entries loaded in %.3f s, indexed in %.3f s", list.watchList.entries.count, loadSeconds, indexSeconds))
                Output.err(String(format: "manifests: %d with %d travellers read in %.3f s", loaded.count, travelers, manifestSeconds))
                Output.err(String(format: "screening: %d travellers in %.3f s = %.0f travellers/s on %d thread%@", travelers, screenSeconds,
                                  Double(travelers) / max(screenSeconds, 1e-9), workers, workers == 1 ? "" : "s"))
                let per = { (count: Int) in Double(count) / Double(max(counts.travelers, 1)) }
                Output.err(String(format: "per traveller: %.1f postings read, %.1f candidate names, %.2f compared token by token",
                                  per(counts.postings), per(counts.candidates), per(counts.comparisons)))
            }
            switch format {
            case .table:
                let report = ScreeningReport(files: loaded.map(\.file), manifests: loaded.map(\.manifest), risks: risks)
                Output.out(report.table(includeCleared: all))
            case .json:
                let report = ScreeningReport(files: loaded.map(\.file), manifests: loaded.map(\.manifest), risks: risks)
                Output.out(bytes: try report.json(includeCleared: all))
            case .xml:
                try writeAssessments(engine: engine, loaded: loaded, risks: risks)
            }
        }

        private func writeAssessments(engine: RiskEngine, loaded: [ManifestLoader.Loaded], risks: [[TravelerRisk]]) throws {
            guard loaded.count == 1 || output != nil else {
                throw CommandFailure.usage("paxsim screen: --format xml with \(loaded.count) manifests needs --output DIR (one message per file)")
            }
            for file in try AssessmentFile.make(engine: engine, loaded: loaded, risks: risks) {
                if let output {
                    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                    try Output.write(file.bytes, to: (output as NSString).appendingPathComponent(file.name))
                } else {
                    Output.out(bytes: file.bytes)
                }
            }
        }
    }
}

/// Loading the inputs of the risk commands, with problems printed as `file:line: message`.
enum RiskInputs {
    static func watchList(_ path: String, lenient: Bool) throws -> LoadedWatchList {
        do {
            let loaded = try WatchListLoader.load(path: path, lenient: lenient)
            for problem in loaded.skipped { Output.err("warning: \(problem)") }
            return loaded
        } catch {
            throw CommandFailure.usage(error.description)
        }
    }

    static func rules(_ path: String?) throws -> RuleSet {
        guard let path else { return .watchListOnly }
        do {
            return try RuleSet.load(path: path)
        } catch {
            throw CommandFailure.usage(error.description)
        }
    }

    static func manifests(_ paths: [String], workers: Int) throws -> [ManifestLoader.Loaded] {
        do {
            let loaded = try ManifestLoader.load(paths, workers: workers)
            guard !loaded.isEmpty else { throw CommandFailure.usage("no manifests found in \(paths.joined(separator: " "))") }
            return loaded
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.usage("\(error)")
        }
    }
}
