import Foundation
import Testing
import PaxMessages

/// `paxsim convert` and `validate` stream EDIFACT: bounded memory, outputs published only when
/// the whole input converted; `generate --format paxlst` gives the XML's travellers.
@Suite("paxsim convert/validate streaming PAXLST")
struct ConvertStreamingTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paxsim-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `flights` generated passenger lists as PAXLST, concatenated into one file of interchanges.
    func interchanges(_ flights: Int, in directory: URL, name: String) throws -> URL {
        let out = directory.appendingPathComponent("gen-\(name)")
        let run = try Paxsim.run(["generate", "--seed", "31", "--flights", String(flights), "--travelers", "150",
                                  "--format", "paxlst", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        var bytes = Data()
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() where file.hasSuffix(".edi") {
            bytes += try Data(contentsOf: out.appendingPathComponent(file))
        }
        let url = directory.appendingPathComponent(name + ".edi")
        try bytes.write(to: url)
        return url
    }

    /// Peak resident memory (KiB) of `paxsim ARGS` run as a child of a small Python script.
    func peakRSS(_ arguments: [String]) throws -> (status: Int32, kib: Int) {
        let script = "import resource,subprocess,sys\nr=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)\nprint(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        let run = try Paxsim.runProgram("/usr/bin/env", ["python3", "-c", script, try Paxsim.binary] + arguments, timeout: 600)
        let fields = run.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let values = try #require(fields.count == 2 ? fields : nil, "\(run.all)")
        return (Int32(values[0]), values[1])
    }

    @Test("memory does not grow with the interchange: ten times the flights, the same peak RSS")
    func boundedMemory() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = try interchanges(3, in: directory, name: "small")
        let large = try interchanges(30, in: directory, name: "large")
        let sizes = try [small, large].map { try #require(try FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int) }
        #expect(sizes[1] > 9 * sizes[0])
        for command in [["convert", "--to", "xml", "-o"], ["validate"]] {
            var peaks: [Int] = []
            for input in [small, large] {
                var arguments = [command[0], input.path] + command.dropFirst()
                if command.last == "-o" { arguments.append(directory.appendingPathComponent("out-\(input.lastPathComponent)").path) }
                let (status, kib) = try peakRSS(arguments)
                #expect(status == 0, "\(arguments)")
                peaks.append(kib)
            }
            // Holding the messages would cost several times the input; streaming holds one list.
            #expect(peaks[1] < peaks[0] + 6 * 1024, "\(command[0]): \(peaks[0]) KiB for \(sizes[0]) bytes, \(peaks[1]) KiB for \(sizes[1]) bytes")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("out-large.edi").path)
        #expect(written.count == 30 && written.allSatisfy { $0.hasSuffix(".xml") && !$0.hasPrefix(".") })
    }

    @Test("an error near the end writes nothing: no output, no temporary file, exit 1")
    func nothingHalfWritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try interchanges(4, in: directory, name: "broken")
        var bytes = try Data(contentsOf: input)
        bytes.removeLast(40)  // the last interchange loses its UNZ and more
        try bytes.write(to: input)
        let out = directory.appendingPathComponent("out")
        let run = try Paxsim.run(["convert", input.path, "--to", "xml", "-o", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error EDI-TRUNCATED"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test("generate --format paxlst: converted back, the same manifests as generate's XML of the same seed")
    func generateMatchesXML() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let common = ["generate", "--seed", "808", "--flights", "2", "--travelers", "40", "--crew", "--quiet"]
        #expect(try Paxsim.run(common + ["--out", directory.appendingPathComponent("xml").path]).status == 0)
        let edi = try Paxsim.run(common + ["--format", "paxlst", "--version", "D15B", "--out", directory.appendingPathComponent("edi").path])
        #expect(edi.status == 0, "\(edi.stderr)")
        let xmlFiles = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("xml").path)
            .filter { $0.hasSuffix(".xml") }.sorted()
        let ediFiles = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("edi").path).sorted()
        #expect(ediFiles.count == 4 && xmlFiles.count == 4)
        for (xml, paxlst) in zip(xmlFiles, ediFiles) {
            let back = directory.appendingPathComponent("back")
            let run = try Paxsim.run(["convert", directory.appendingPathComponent("edi/" + paxlst).path, "--to", "xml", "--strict", "-o", back.path])
            #expect(run.status == 0, "\(run.stderr)")
            let converted = try TravelerManifest.decode(bytes: Array(try Data(contentsOf: back.appendingPathComponent(xml))))
            let generated = try TravelerManifest.decode(bytes: Array(try Data(contentsOf: directory.appendingPathComponent("xml/" + xml))))
            #expect(converted == generated, "\(paxlst)")
            #expect(String(decoding: try Data(contentsOf: directory.appendingPathComponent("edi/" + paxlst)), as: UTF8.self)
                .contains("PAXLST:D:15B:UN:IATA"))
        }
    }
}
