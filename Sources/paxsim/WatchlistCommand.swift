import ArgumentParser
import PaxMessages
import PaxRisk

extension Paxsim {
    /// `paxsim watchlist`: work with watch-list files.
    struct Watchlist: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watchlist",
            abstract: "Check watch-list files (XML per Schemas/v1/watchlist.xsd, or CSV).",
            subcommands: [Check.self]
        )
    }
}

extension Paxsim.Watchlist {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Load a watch list as screening would and report every problem with its line.",
            discussion: """
            CSV columns (header row, any order): id, category, action, surname, given_names, \
            aliases (SURNAME/GIVEN|...), birth_date (YYYY-MM-DD, YYYY or FROM..TO), \
            nationalities (;-separated), documents (NUMBER or TYPE:NUMBER:STATE, ;-separated), \
            remarks. Exit status: 0 no problems, 1 problems found, 2 unreadable file.
            """
        )

        @Argument(help: "The watch-list file.")
        var file: String

        @Flag(help: "Load the good entries and list the bad ones, as screen --lenient would.")
        var lenient = false

        func run() throws {
            let loaded: LoadedWatchList
            do {
                loaded = try WatchListLoader.load(path: file, lenient: lenient)
            } catch {
                for problem in error.problems { Output.err(problem.description) }
                Output.out("\(file): refused, \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")")
                throw CommandFailure(message: nil, status: error.problems.allSatisfy { $0.line == 0 } ? .usage : .failed)
            }
            for problem in loaded.skipped { Output.err(problem.description) }
            let list = loaded.watchList
            let names = list.entries.reduce(0) { $0 + $1.names.count }
            var categories: [String: Int] = [:]
            for entry in list.entries { categories[entry.category.rawValue, default: 0] += 1 }
            Output.out("\(file): list \(list.listId), \(list.entries.count) entries, \(names - list.entries.count) aliases"
                       + (loaded.skipped.isEmpty ? "" : ", \(loaded.skipped.count) problem\(loaded.skipped.count == 1 ? "" : "s") (entries skipped)"))
            if !categories.isEmpty {
                Output.out("  " + categories.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            if !loaded.skipped.isEmpty { throw CommandFailure.failed() }
        }
    }
}
