import ArgumentParser
import Foundation
import PaxConformance
import PaxEDIFACT
import PaxGenerator
import PaxMessages
import SafeXML

extension Paxsim {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Validate XML messages against their schema (and business rules).",
            discussion: """
            Files, directories (their *.xml files, recursively) and - for standard input.
            Without --schema, each document's root element picks its schema from the embedded
            catalogue. Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error.
            """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, junit
        }

        @Argument(help: "Files, directories or - (standard input).")
        var paths: [String]

        @Option(help: ArgumentHelp("Validate against this XSD instead of the embedded catalogue.", valueName: "file.xsd"))
        var schema: String?

        @Option(help: "Report format: text (compiler style), json or junit.")
        var format: Format = .text

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file (atomically) instead of standard output.", valueName: "file"))
        var output: String?

        @Flag(help: "Stream every input (bounded memory; business rules are skipped).")
        var stream = false

        @Flag(help: "Parse every input as a tree, whatever its size (memory grows with the file).")
        var tree = false

        @Option(help: ArgumentHelp("Stream files larger than this many MiB (with --schema-only every file is streamed, and an invalid one within this size is checked again as a tree for exact columns and positions).", valueName: "MiB"))
        var streamThreshold = 64

        @Flag(help: "Check the schema only; skip business rules.")
        var schemaOnly = false

        @Flag(help: "EDIFACT: check syntax and envelopes only (counts, references, character set), streamed, without mapping, schema or rules. XML: as --schema-only.")
        var syntaxOnly = false

        @Flag(help: "EDIFACT: read strictly (control count and reference mismatches, telex envelopes and wrapping are errors).")
        var strict = false

        @Option(name: .shortAndLong, help: "Files validated in parallel (default: one per core).")
        var jobs = 0

        @Option(help: ArgumentHelp("Largest document parsed in memory, in MiB.", valueName: "MiB"))
        var maxSize = 256

        @Option(help: "Deepest element nesting accepted.")
        var maxDepth = ParseLimits.default.maxDepth

        @Flag(name: .shortAndLong, help: "Print only the summary line (text format).")
        var quiet = false

        func validate() throws {
            guard !paths.isEmpty else { throw ValidationError("give at least one file, directory or -") }
            guard jobs >= 0 else { throw ValidationError("--jobs must be 0 (all cores) or more") }
            guard maxDepth > 0, maxSize > 0, streamThreshold >= 0 else {
                throw ValidationError("--max-depth, --max-size and --stream-threshold must be positive")
            }
            guard !(stream && tree) else { throw ValidationError("--stream and --tree exclude each other") }
            guard paths.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("standard input (-) can be read only once") }
        }

        func run() throws {
            let clock = ContinuousClock()
            let start = clock.now
            var explicitSchema: XMLSchema? = nil
            if let schema {
                do {
                    explicitSchema = try XMLSchema(contentsOf: URL(fileURLWithPath: schema))
                } catch {
                    throw CommandFailure.usage("paxsim validate: \(error)")
                }
            }
            var options = ValidationOptions(
                schema: explicitSchema,
                catalogue: .embedded,
                runRules: !schemaOnly && !syntaxOnly,
                streaming: stream ? .always : tree ? .never : .automatic(threshold: streamThreshold << 20),
                limits: ParseLimits(maxDocumentBytes: maxSize << 20, maxDepth: maxDepth),
                jobs: jobs
            )
            options.airportClock = WorldAirportClock()  // PAXLST local schedule times, as convert reads them
            options.syntaxOnly = syntaxOnly
            options.edifactReader = strict ? .strict : .lenient
            let inputs = ValidationInput.expand(paths)
            if inputs.isEmpty {
                throw CommandFailure.usage("paxsim validate: no *.xml files found in \(paths.joined(separator: ", "))")
            }
            let printLive = format == .text && output == nil && !quiet
            let outcomes = ConformanceRunner(options: options).run(inputs) { outcome in
                if printLive { TextReport.lines(for: outcome).forEach(Output.out) }
            }
            let elapsed = clock.now - start
            let summary = ValidationSummary(outcomes, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            let report: [UInt8]
            switch format {
            case .text:
                var lines = printLive ? [] : (quiet ? [] : outcomes.flatMap(TextReport.lines(for:)))
                lines.append(TextReport.summary(summary))
                report = Array((lines.joined(separator: "\n") + "\n").utf8)
            case .json:
                report = JSONReport.render(outcomes, summary: summary)
            case .junit:
                report = JUnitReport.render(outcomes, summary: summary)
            }
            if let output {
                do {
                    try Output.write(report, to: output)
                } catch {
                    throw CommandFailure.usage("paxsim validate: cannot write \(output): \(error.localizedDescription)")
                }
                if format != .text || quiet { Output.err(TextReport.summary(summary)) }
            } else {
                Output.out(bytes: report)
            }
            if let status = CommandFailure.Status(rawValue: summary.exitCode) { throw CommandFailure(message: nil, status: status) }
        }
    }
}
