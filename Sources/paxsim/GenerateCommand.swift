import ArgumentParser
import Foundation
import PaxEDIFACTMapping
import PaxGenerator
import PaxMessages

extension Paxsim {
    /// `paxsim generate`: seeded synthetic manifests, valid or deliberately broken, at any size.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Generate realistic traveller manifests: seeded, valid or deliberately broken, at any size.",
            discussion: """
            The same --seed and options give the same bytes on every machine. Each manifest is \
            streamed (a million travellers in constant memory) to its own file in --out DIR, \
            written atomically, or to standard output with --out - when there is one message. \
            With --out DIR and XML, expected.tsv lists what `paxsim validate` reports for every file.

            Broken documents: --mutate names defects (mutation names or rule ids such as \
            PAX-MRZ-CHECK), one document each; --invalid N writes N, cycling through the given \
            defects or every defect that fails validation. Known defects: \
            \(Mutation.allCases.map(\.rawValue).joined(separator: ", ")).

            Watch lists: --watchlist-out FILE --plant K writes a watch list of --watchlist-size \
            entries (default K + 100) and plants K passengers matching entries with controlled \
            perturbations; the ground truth goes to FILE's name with .truth.jsonl.

            Exit status: 0 written, 2 bad option or I/O error.
            """
        )

        @Option(help: "Seed: the same seed, the same bytes.")
        var seed: UInt64 = 1

        @Option(help: "Flights to generate (one passenger list each).")
        var flights = 1

        @Option(help: ArgumentHelp("Passengers per flight (default: each flight's typical load).", valueName: "N"))
        var travelers: Int?

        @Option(help: ArgumentHelp("Passengers over all flights, split evenly.", valueName: "N"))
        var totalTravelers: Int?

        @Flag(help: "Also write each flight's crew list.")
        var crew = false

        @Option(help: ArgumentHelp("Departure airport (IATA code); random routes by default.", valueName: "IATA"))
        var from: String?

        @Option(help: ArgumentHelp("Arrival airport (IATA code).", valueName: "IATA"))
        var to: String?

        @Option(help: ArgumentHelp("Airline (IATA designator); chosen by route by default.", valueName: "CODE"))
        var carrier: String?

        @Option(help: ArgumentHelp("Local departure date.", valueName: "YYYY-MM-DD"))
        var date = GenerationOptions.defaultDate

        @Option(name: .shortAndLong, help: ArgumentHelp("Output directory, or - for standard output (one message).", valueName: "DIR|-"))
        var out = "-"

        @Option(help: "Output format: xml, json or paxlst (UN/EDIFACT, the same travellers as the XML).")
        var format = "xml"

        @Option(help: "PAXLST directory written with --format paxlst: D02B, D05B or D15B.")
        var version = PAXLSTVersion.default.rawValue

        @Option(help: ArgumentHelp("Broken documents to add, each with one known defect.", valueName: "N"))
        var invalid = 0

        @Option(help: ArgumentHelp("Defects for broken documents, comma-separated (names or rule ids).", valueName: "DEFECT,..."))
        var mutate: String?

        @Option(help: ArgumentHelp("Write a watch list with planted subjects to this file.", valueName: "FILE"))
        var watchlistOut: String?

        @Option(help: ArgumentHelp("Passengers planted as watch-list subjects.", valueName: "K"))
        var plant = 0

        @Option(help: ArgumentHelp("Watch-list entries, planted and decoys (default: K + 100).", valueName: "N"))
        var watchlistSize: Int?

        @Flag(help: "No progress bar, even on a terminal.")
        var quiet = false

        func validate() throws {
            _ = try options()
        }

        func run() throws {
            let options = try options()
            let run: GenerationRun
            do {
                run = try GenerationRun(options: options, destination: out == "-" ? .standardOutput : .directory(out))
            } catch {
                throw CommandFailure.usage("paxsim generate: \(error)")
            }
            var bar = ProgressBar(label: "generate", enabled: !quiet && ProgressBar.standardErrorIsTerminal)
            do {
                let summary = try run.run { done, total in bar.update(done: done, total: total) }
                bar.finish()
                if out != "-" {
                    Output.err("paxsim generate: wrote \(summary.files.count) file\(summary.files.count == 1 ? "" : "s") (\(summary.travelers) travellers, \(summary.brokenDocuments) broken) to \(out)")
                }
                if let list = summary.watchListPath, let truth = summary.truthPath {
                    Output.err("paxsim generate: watch list \(list), ground truth \(truth) (\(summary.plantedSubjects) planted)")
                }
            } catch {
                bar.finish()
                throw CommandFailure.usage("paxsim generate: \(error)")
            }
        }

        /// The flags as `GenerationOptions`; errors name the flag and its value.
        func options() throws -> GenerationOptions {
            var options = GenerationOptions()
            options.seed = seed
            options.flights = flights
            options.travelersPerFlight = travelers
            options.totalTravelers = totalTravelers
            options.crew = crew
            options.from = from
            options.to = to
            options.carrier = carrier
            guard let parsed = CalendarDate(date) else { throw ValidationError("--date '\(date)' is not a date YYYY-MM-DD") }
            options.date = parsed
            guard let format = GenerationOptions.Format(rawValue: format) else {
                throw ValidationError("--format '\(format)' is not one of xml, json, paxlst")
            }
            options.format = format
            guard let directory = PAXLSTVersion(rawValue: version.uppercased()) else {
                throw ValidationError("--version must be D02B, D05B or D15B, not '\(version)'")
            }
            options.paxlstVersion = directory
            options.invalid = invalid
            if let mutate {
                for name in mutate.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                    let found = Mutation.named(name)
                    guard !found.isEmpty else {
                        throw ValidationError("--mutate '\(name)' is not a known defect; known: \(Mutation.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    options.mutations += found
                }
                guard !options.mutations.isEmpty else { throw ValidationError("--mutate needs at least one defect") }
            }
            if let watchlistOut {
                options.watchList = .init(path: watchlistOut, plant: plant, size: watchlistSize ?? plant + 100)
            } else if plant > 0 || watchlistSize != nil {
                throw ValidationError("--plant and --watchlist-size need --watchlist-out FILE")
            }
            return options
        }
    }
}
