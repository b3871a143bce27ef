import Foundation
import PaxGenerator
import PaxMessages
import Testing

/// Runs `GenerationRun` into fresh temporary directories and reads back what it wrote.
enum RunFixtures {
    /// A new empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paxgen-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Runs `options` into a new directory; returns the directory.
    static func run(_ options: GenerationOptions) throws -> String {
        let directory = try temporaryDirectory()
        var options = options
        if let request = options.watchList {
            options.watchList = .init(path: directory + "/" + request.path, plant: request.plant, size: request.size)
        }
        _ = try GenerationRun(options: options, destination: .directory(directory)).run()
        return directory
    }

    /// Every file in `directory`, by name, sorted.
    static func files(in directory: String) throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { name in
            (name, Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))))
        }
    }

    /// SHA-256 over every file's name and bytes, in name order.
    static func digest(of directory: String) throws -> String {
        var hash = SHA256()
        for (name, bytes) in try files(in: directory) {
            hash.update(Array(name.utf8) + [0])
            hash.update(bytes)
        }
        return hash.hexDigest()
    }

    /// `expected.tsv` as (path, valid, codes).
    static func expectations(in directory: String) throws -> [(path: String, valid: Bool, codes: [String])] {
        let text = try String(contentsOfFile: directory + "/expected.tsv", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (fields[0], fields[1] == "valid", fields.count > 2 ? fields[2].split(separator: " ").map(String.init) : [])
        }
    }

    static func remove(_ directory: String) {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The default departure date, 2026-03-14.
    static func date(_ text: String = "2026-03-14") throws -> CalendarDate {
        try #require(CalendarDate(text))
    }
}
