import ArgumentParser
import Foundation
import PaxEDIFACTMapping

extension Paxsim {
    struct Respond: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "respond",
            abstract: "Answer a carrier's manifest with a CUSRES built from a risk assessment.",
            discussion: """
            Per traveller: ERC 0Z board (Cleared), 2Z advisory (Inspect), 1Z do not board \
            (NoBoard), 4Z insufficient data (not assessed). Exit status: 0 written, 1 invalid \
            input, 2 usage or I/O error.
            """
        )

        @Argument(help: "The RiskAssessment XML.")
        var assessment: String

        @Option(help: "The manifest answered: PAXLST or XML.")
        var manifest: String

        @Option(help: "Answer format: cusres.")
        var to = "cusres"

        @Option(name: .customShort("o"), help: "File to write (default: standard output).")
        var output: String?

        func run() throws {
            guard to.lowercased() == "cusres" else { throw ValidationError("--to must be cusres, not '\(to)'") }
            guard let assessmentData = FileManager.default.contents(atPath: assessment) else {
                throw CommandFailure.usage("\(assessment): cannot read the file")
            }
            guard let manifestData = FileManager.default.contents(atPath: manifest) else {
                throw CommandFailure.usage("\(manifest): cannot read the file")
            }
            let result = ManifestConverter().cusres(answering: Array(manifestData), assessment: Array(assessmentData))
            for diagnostic in result.diagnostics { Output.err("\(manifest):\(diagnostic)") }
            guard !result.failed, let answer = result.outputs.first else { throw CommandFailure.failed() }
            if let output {
                try Output.write(answer.bytes, to: output)
            } else {
                Output.out(bytes: answer.bytes)
            }
        }
    }
}
