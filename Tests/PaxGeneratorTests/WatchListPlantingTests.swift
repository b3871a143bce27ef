import Foundation
@testable import PaxGenerator
import PaxMessages
import SafeXML
import Testing

/// The watch list is schema-valid, has the requested size, and each ground-truth record
/// names a traveller who is in the named manifest and differs from the named entry exactly
/// as its perturbation says.
@Suite struct WatchListPlantingTests {
    struct Run {
        var directory: String
        var list: WatchList
        var truth: [[String: String]]
        var manifests: [String: TravelerManifest]
    }

    static func run(seed: UInt64, plant: Int, size: Int) throws -> Run {
        var options = GenerationOptions()
        options.seed = seed
        options.flights = 3
        options.travelersPerFlight = 120
        options.watchList = .init(path: "watchlist.xml", plant: plant, size: size)
        let directory = try RunFixtures.run(options)
        let listBytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/watchlist.xml")))
        let report = try WatchList.schema.validate(bytes: listBytes)
        #expect(report.isValid, "watch list: \(report.diagnostics.prefix(3).map(\.message))")
        let list = try WatchList.decode(bytes: listBytes)
        let lines = try String(contentsOfFile: directory + "/watchlist.truth.jsonl", encoding: .utf8).split(separator: "\n")
        let truth = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        }
        var manifests: [String: TravelerManifest] = [:]
        for (name, bytes) in try RunFixtures.files(in: directory) where name.hasPrefix("P") {
            let manifest = try TravelerManifest.decode(bytes: bytes)
            manifests[manifest.header.messageId] = manifest
        }
        return Run(directory: directory, list: list, truth: truth, manifests: manifests)
    }

    @Test func plantedSubjectsMatchTheirEntriesAsLabelled() throws {
        let run = try Self.run(seed: 8, plant: 36, size: 200)
        defer { RunFixtures.remove(run.directory) }
        #expect(run.list.entries.count == 200)
        #expect(Set(run.list.entries.map(\.id)).count == 200)
        #expect(run.truth.count == 36)
        let lines = try String(contentsOfFile: run.directory + "/watchlist.truth.jsonl", encoding: .utf8)
        #expect(lines.hasPrefix("{\"manifestMessageId\": \""), "keys in the documented order and spacing")
        var kinds: [String: Int] = [:]
        let entries = Dictionary(uniqueKeysWithValues: run.list.entries.map { ($0.id, $0) })
        for record in run.truth {
            #expect(Set(record.keys) == ["manifestMessageId", "travelerReference", "watchListEntryId", "perturbation"])
            let kind = try #require(record["perturbation"])
            kinds[kind, default: 0] += 1
            let manifest = try #require(run.manifests[record["manifestMessageId"] ?? ""])
            let traveler = try #require(manifest.travelers.first { $0.reference == record["travelerReference"] })
            let entry = try #require(entries[record["watchListEntryId"] ?? ""])
            let name = try #require(entry.names.first)
            let context = "\(kind): \(traveler.surname), \(traveler.givenNames ?? "") \(traveler.dateOfBirth) vs \(name.surname), \(name.givenNames ?? "") \(String(describing: entry.birthDate))"
            let sameDate = entry.birthDate == .exact(traveler.dateOfBirth)
            switch kind {
            case "exact":
                #expect(name.surname == traveler.surname && name.givenNames == traveler.givenNames && sameDate, "\(context)")
            case "typo":
                let surnameEdit = Self.editDistance(name.surname, traveler.surname)
                let givenEdit = Self.editDistance(name.givenNames ?? "", traveler.givenNames ?? "")
                #expect(surnameEdit + givenEdit == 1 && sameDate, "\(context)")
            case "swappedOrder":
                #expect(name.surname == traveler.givenNames && name.givenNames == traveler.surname && sameDate, "\(context)")
            case "transliteration":
                let otherScript = (name.surname + (name.givenNames ?? "")).unicodeScalars.contains { $0.value > 0x24F }
                let respelled = name.surname != traveler.surname || name.givenNames != traveler.givenNames
                #expect(respelled && (otherScript || Self.editDistance(name.surname, traveler.surname) > 0 || name.givenNames != traveler.givenNames) && sameDate, "\(context)")
            case "dobDayMonthSwap":
                let swapped = try #require(CalendarDate(year: traveler.dateOfBirth.year, month: traveler.dateOfBirth.day, day: traveler.dateOfBirth.month))
                #expect(entry.birthDate == .exact(swapped) && swapped != traveler.dateOfBirth, "\(context)")
                #expect(name.surname == traveler.surname && name.givenNames == traveler.givenNames, "\(context)")
            case "missingMiddleName":
                let listed = (name.givenNames ?? "").split(separator: " "), travelling = (traveler.givenNames ?? "").split(separator: " ")
                #expect(name.surname == traveler.surname && abs(listed.count - travelling.count) == 1 && listed.first == travelling.first && sameDate,
                        "\(context)")
            case "joined", "split", "hyphenated":
                // The same letters, the words separated differently.
                func letters(_ text: String?) -> String { (text ?? "").filter { $0 != " " && $0 != "-" } }
                #expect(letters(name.surname) == letters(traveler.surname) && letters(name.givenNames) == letters(traveler.givenNames)
                        && (name.surname != traveler.surname || name.givenNames != traveler.givenNames) && sameDate, "\(context)")
                let listed = name.surname + " " + (name.givenNames ?? ""), travelling = traveler.surname + " " + (traveler.givenNames ?? "")
                let separators = { (text: String) in text.filter { $0 == " " || $0 == "-" }.count }
                if kind == "joined" { #expect(separators(listed) < separators(travelling), "\(context)") }
                if kind == "split" { #expect(separators(listed) > separators(travelling) && !listed.contains("-"), "\(context)") }
                if kind == "hyphenated" { #expect(name.surname.contains("-") || (name.givenNames ?? "").contains("-"), "\(context)") }
            default:
                Issue.record("unknown perturbation \(kind)")
            }
        }
        #expect(Set(kinds.keys) == Set(Perturbation.allCases.map(\.rawValue)), "every perturbation is planted: \(kinds)")
        // Dealt evenly; a kind that does not fit a traveller's name falls back to a typo.
        #expect(kinds.filter { $0.key != "typo" }.values.allSatisfy { $0 <= 4 } && (kinds["typo"] ?? 0) >= 4, "dealt evenly: \(kinds)")
    }

    @Test func transliterationsUseOtherScriptsOrSpellings() throws {
        let run = try Self.run(seed: 19, plant: 36, size: 60)
        defer { RunFixtures.remove(run.directory) }
        let entries = Dictionary(uniqueKeysWithValues: run.list.entries.map { ($0.id, $0) })
        var scripts = 0
        for record in run.truth where record["perturbation"] == "transliteration" {
            let name = try #require(entries[record["watchListEntryId"] ?? ""]?.names.first)
            if name.surname.unicodeScalars.contains(where: { $0.value > 0x24F }) { scripts += 1 }
        }
        #expect(scripts >= 1, "some entries are in Cyrillic, Arabic or Han script")
    }

    @Test func tooManyPlantsIsAnErrorNamingTheOption() throws {
        var options = GenerationOptions()
        options.travelersPerFlight = 5
        let directory = try RunFixtures.temporaryDirectory()
        defer { RunFixtures.remove(directory) }
        options.watchList = .init(path: directory + "/wl.xml", plant: 10, size: 20)
        let run = try GenerationRun(options: options, destination: .directory(directory))
        #expect(throws: GenerationError.self) { try run.run() }
        do {
            _ = try run.run()
        } catch {
            #expect(error.description.contains("--plant 10"))
        }
    }

    /// Damerau-Levenshtein distance (adjacent transpositions count once).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in stride(from: 1, through: x.count, by: 1) {
            for j in stride(from: 1, through: y.count, by: 1) {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}
