import ArgumentParser
import Foundation
import PaxBase
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxGenerator
import PaxMessages

extension Paxsim {
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert",
            abstract: "Convert traveller manifests between XML and UN/EDIFACT PAXLST.",
            discussion: """
            Inputs are told apart by content: EDIFACT (UNA/UNB, telex headers and other noise \
            around them are removed in the default lenient mode and reported as warnings) or \
            XML. Multi-part PAXLST lists are merged into one manifest; long manifests are written \
            as parts. Warnings and errors are printed as FILE:LINE:COLUMN: segment N TAG ...; \
            a file with errors produces no output. Exit status: 0 converted, 1 some input \
            invalid, 2 usage or I/O error.
            """
        )

        @Argument(help: "Input files (EDIFACT interchanges or XML manifests).")
        var files: [String]

        @Option(help: "Output format: xml or paxlst.")
        var to: String

        @Option(help: "PAXLST directory to write: D02B, D05B or D15B.")
        var version = PAXLSTVersion.default.rawValue

        @Flag(help: "Refuse telex envelopes, wrapping, wrong control counts and references, unmapped values.")
        var strict = false

        @Option(name: .customShort("o"), help: "Directory for the output files (default: standard output).")
        var outputDirectory: String?

        @Option(help: "Sender agency when UNB's sender is not an agency id.")
        var sender = "ZZ-CARRIER"

        @Option(help: "Receiver agency when UNB's recipient is not an agency id.")
        var receiver = "ZZ-GATEWAY"

        @Option(help: "Most segments per PAXLST message before the list is split into parts.")
        var maxSegments = 9_999

        func run() throws {
            guard let target = ManifestConverter.Target(rawValue: to.lowercased()) else {
                throw ValidationError("--to must be xml or paxlst, not '\(to)'")
            }
            guard let directory = PAXLSTVersion(rawValue: version.uppercased()) else {
                throw ValidationError("--version must be D02B, D05B or D15B, not '\(version)'")
            }
            let clock = WorldAirportClock()
            let converter = ManifestConverter(
                readerOptions: strict ? .strict : .lenient,
                readOptions: PAXLSTReadOptions(sender: sender, receiver: receiver, clock: clock),
                writeOptions: PAXLSTWriteOptions(version: directory, maxSegmentsPerMessage: maxSegments))
            var failed = false
            for file in files {
                guard let format = InputFormat.detect(path: file) else {
                    throw CommandFailure.usage("\(file): cannot read the file")
                }
                let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                if let outputDirectory {
                    try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
                }
                guard format == .edifact else {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw CommandFailure.usage("\(file): cannot read the file")
                    }
                    let result = converter.convert(Array(data), baseName: base, to: target)
                    for diagnostic in result.diagnostics { Output.err("\(file):\(diagnostic)") }
                    if result.failed {
                        failed = true
                        continue
                    }
                    for output in result.outputs {
                        if let outputDirectory {
                            let path = URL(fileURLWithPath: outputDirectory).appendingPathComponent(output.name).path
                            try Output.write(output.bytes, to: path)
                            Output.out(path)
                        } else {
                            Output.out(bytes: output.bytes)
                        }
                    }
                    continue
                }
                // EDIFACT streams: each manifest is staged as it completes, published only if all went well.
                let staged = StagedFiles(directory: outputDirectory ?? NSTemporaryDirectory())
                let descriptor = open(file, O_RDONLY)
                guard descriptor >= 0 else { throw CommandFailure.usage("\(file): cannot read the file") }
                let result = converter.convertStream(fileDescriptor: descriptor, to: target) { try staged.stage($0) }
                close(descriptor)
                for diagnostic in result.diagnostics { Output.err("\(file):\(diagnostic)") }
                if result.failed {
                    staged.abandon()
                    failed = true
                    continue
                }
                do {
                    if outputDirectory != nil {
                        let names = (0..<staged.count).map {
                            ManifestConverter.outputName(base: base, index: $0, count: staged.count, target: target)
                        }
                        try staged.commit(names: names).forEach(Output.out)
                    } else {
                        try staged.drain(to: STDOUT_FILENO)
                    }
                } catch {
                    throw CommandFailure.usage("\(file): \(error)")
                }
            }
            if failed { throw CommandFailure.failed() }
        }
    }
}
