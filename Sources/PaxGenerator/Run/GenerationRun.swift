import PaxMessages
import PaxEDIFACTMapping
import Foundation

/// One `paxsim generate` run: flights, their passenger (and crew) lists streamed to files,
/// broken documents with their expected results, and a watch list with planted subjects.
/// All the logic behind the command; the CLI only maps flags to `GenerationOptions`.
public struct GenerationRun {
    public let options: GenerationOptions
    public let destination: OutputDestination
    private let date: CalendarDate

    /// Limits that keep a typo in a flag from filling the disk.
    public static let maxFlights = 100_000
    public static let maxTravelersPerList = 50_000_000
    public static let maxBrokenDocuments = 100_000
    public static let maxWatchListSize = 5_000_000

    /// Checks the options; every error names the option and the value at fault.
    public init(options: GenerationOptions, destination: OutputDestination) throws(GenerationError) {
        self.options = options
        self.destination = destination
        guard let date = options.date ?? CalendarDate(GenerationOptions.defaultDate) else {
            throw .invalidOption("--date: no date given")
        }
        guard Generator.supportedYears.contains(date.year) else {
            throw .invalidOption("--date '\(date)' is outside the supported years \(Generator.supportedYears.lowerBound)-\(Generator.supportedYears.upperBound)")
        }
        self.date = date
        guard (0...Self.maxFlights).contains(options.flights) else {
            throw .invalidOption("--flights \(options.flights) must be between 0 and \(Self.maxFlights)")
        }
        if options.travelersPerFlight != nil, options.totalTravelers != nil {
            throw .invalidOption("give --travelers (per flight) or --total-travelers, not both")
        }
        if let count = options.travelersPerFlight, !(0...Self.maxTravelersPerList).contains(count) {
            throw .invalidOption("--travelers \(count) must be between 0 and \(Self.maxTravelersPerList)")
        }
        if let total = options.totalTravelers {
            guard (0...Self.maxTravelersPerList).contains(total) else {
                throw .invalidOption("--total-travelers \(total) must be between 0 and \(Self.maxTravelersPerList)")
            }
            guard options.flights > 0 || total == 0 else { throw .invalidOption("--total-travelers \(total) needs at least one flight") }
        }
        for (flag, code) in [("--from", options.from), ("--to", options.to)] {
            if let code, Airports.named(code.uppercased()) == nil {
                throw .invalidOption("\(flag) '\(code)': \(GeneratorError.unknownAirport(code).description)")
            }
        }
        if let from = options.from, let to = options.to, from.uppercased() == to.uppercased() {
            throw .invalidOption("--from and --to are both '\(from)'")
        }
        if let carrier = options.carrier, Carriers.named(carrier.uppercased()) == nil {
            throw .invalidOption("--carrier '\(carrier)': \(GeneratorError.unknownCarrier(carrier).description)")
        }
        guard (0...Self.maxBrokenDocuments).contains(options.invalid) else {
            throw .invalidOption("--invalid \(options.invalid) must be between 0 and \(Self.maxBrokenDocuments)")
        }
        let broken = options.brokenDocuments.count
        if broken > 0, options.format != .xml {
            throw .invalidOption("--invalid and --mutate write XML documents for paxsim validate; drop --format \(options.format.rawValue)")
        }
        if options.flights == 0, broken == 0 {
            throw .invalidOption("--flights 0 writes nothing; add --invalid N or --mutate DEFECT")
        }
        if let request = options.watchList {
            guard request.plant >= 0, request.size >= 0, request.size <= Self.maxWatchListSize else {
                throw .invalidOption("--plant \(request.plant) and --watchlist-size \(request.size) must be between 0 and \(Self.maxWatchListSize)")
            }
            guard request.size >= request.plant else {
                throw .invalidOption("--watchlist-size \(request.size) is smaller than --plant \(request.plant)")
            }
        }
        if destination == .standardOutput {
            let messages = options.flights * (options.crew ? 2 : 1) + broken
            guard messages == 1 else {
                throw .invalidOption("this run writes \(messages) messages; standard output (-) takes one: give --out DIR")
            }
        }
    }

    /// Generates and writes everything, calling `progress(done, total)` as travellers are written.
    public func run(progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws(GenerationError) -> GenerationSummary {
        var summary = GenerationSummary()
        var generator = Generator(seed: options.seed)
        var plans: [FlightPlan] = []
        do {
            for _ in 0..<options.flights {
                plans.append(try generator.flight(on: date, from: options.from, to: options.to, carrier: options.carrier))
            }
        } catch {
            throw .generator(error)
        }
        let counts = passengerCounts(plans, generator)
        let planter = options.watchList.map { WatchListPlanter(seed: options.seed, plant: $0.plant, size: $0.size) }
        var slots = plans.map { _ in [Int: Perturbation]() }
        if let planter {
            guard let chosen = planter.slots(passengerCounts: counts, kinds: Perturbation.allCases) else {
                throw .invalidOption("--plant \(planter.plantCount) is more than the \(counts.reduce(0, +)) passengers generated")
            }
            slots = chosen
        }
        if case .directory(let path) = destination { try Self.makeDirectory(path) }

        let total = counts.reduce(0, +) + (options.crew ? plans.map(CrewFactory.crewSize).reduce(0, +) : 0)
        var done = 0
        var expected: [ExpectedResult] = []
        var planted: [PlantedTraveler] = []
        for (index, plan) in plans.enumerated() {
            var stream = generator.passengerStream(for: plan, travelers: counts[index],
                                                   plants: WatchListPlanter.requirements(slots[index]))
            let name = fileName(prefix: "P", plan: plan)
            let bytes = try write(&stream, named: name) { produced in progress(done + produced, total) }
            done += stream.count
            expected.append(Self.expectation(name, bytes: bytes))
            summary.record(name, bytes: bytes, travelers: stream.count)
            for traveler in stream.planted {
                guard let perturbation = slots[index][traveler.index] else { continue }
                planted.append(PlantedTraveler(manifestMessageId: stream.template.header.messageId,
                                               generated: traveler, perturbation: perturbation))
            }
            if options.crew {
                var crew = generator.crewStream(for: plan)
                let crewName = fileName(prefix: "C", plan: plan)
                let crewBytes = try write(&crew, named: crewName) { produced in progress(done + produced, total) }
                done += crew.count
                expected.append(Self.expectation(crewName, bytes: crewBytes))
                summary.record(crewName, bytes: crewBytes, travelers: crew.count)
            }
        }

        for (ordinal, mutation) in options.brokenDocuments.enumerated() {
            let bytes = try brokenDocument(mutation, ordinal: ordinal, generator: &generator)
            let sequence = String(ordinal + 1)
            let name = "defect-" + String(repeating: "0", count: max(0, 4 - sequence.count)) + sequence + "-" + mutation.rawValue + ".xml"
            try writeWhole(bytes, named: name)
            expected.append(ExpectedResult(path: name, valid: !mutation.makesInvalid, codes: mutation.expectedCodes))
            summary.record(name, bytes: bytes.count, travelers: 0)
            summary.brokenDocuments += 1
        }

        if case .directory(let path) = destination, options.format == .xml {
            try writeWhole(ExpectedResult.file(expected), to: Self.join(path, "expected.tsv"))
        }
        if let request = options.watchList, let planter {
            let issued = LocalClock.timestamp(utcSeconds: (date.daysSince1970 - 1) * 86_400, offsetMinutes: 0)
            let (list, truth) = planter.watchList(planted: planted, listId: "PAXSIM-WL-" + String(options.seed),
                                                  issuedAt: issued, serialBase: generator.serialsIssued)
            let listBytes: [UInt8]
            do {
                listBytes = try list.xml()
            } catch {
                throw .output(.encoding(error.description))
            }
            try writeWhole(listBytes, to: request.path)
            try writeWhole(Array(truth.map { $0.jsonLine + "\n" }.joined().utf8), to: request.truthPath)
            summary.watchListPath = request.path
            summary.truthPath = request.truthPath
            summary.plantedSubjects = truth.count
        }
        return summary
    }

    /// Passengers per flight: as given, an even split of the total, or each flight's typical load.
    private func passengerCounts(_ plans: [FlightPlan], _ generator: Generator) -> [Int] {
        if let each = options.travelersPerFlight { return plans.map { _ in each } }
        if let total = options.totalTravelers, !plans.isEmpty {
            return plans.indices.map { total / plans.count + ($0 < total % plans.count ? 1 : 0) }
        }
        return plans.map(generator.typicalLoad)
    }

    private func fileName(prefix: String, plan: FlightPlan) -> String {
        let sequence = String(plan.index)
        let date = plan.date.description.replacingOccurrences(of: "-", with: "")
        return prefix + String(repeating: "0", count: max(0, 4 - sequence.count)) + sequence + "-" + plan.designator + "-"
            + date + "." + options.format.fileExtension
    }

    /// Streams one manifest to its file (or standard output); returns its size in bytes.
    private func write(_ stream: inout TravelerStream, named name: String, progress: (Int) -> Void) throws(GenerationError) -> Int {
        do throws(OutputError) {
            switch destination {
            case .standardOutput:
                var sink = FileDescriptorSink(descriptor: 1, name: "standard output")
                try encode(&stream, to: &sink, progress: progress)
                try sink.flush()
                return sink.bytesWritten
            case .directory(let directory):
                var file = try AtomicFile(path: Self.join(directory, name))
                do {
                    try encode(&stream, to: &file, progress: progress)
                    try file.commit()
                } catch {
                    file.abandon()
                    throw error
                }
                return file.bytesWritten
            }
        } catch {
            throw .output(error)
        }
    }

    private func encode(_ stream: inout TravelerStream, to sink: inout some ByteSink, progress: (Int) -> Void) throws(OutputError) {
        switch options.format {
        case .xml: try ManifestXMLStreamer(template: stream.template).write(&stream, to: &sink, progress: progress)
        case .json: try ManifestJSONStreamer(template: stream.template).write(&stream, to: &sink, progress: progress)
        case .paxlst:
            try ManifestPAXLSTStreamer(template: stream.template, options: PAXLSTWriteOptions(version: options.paxlstVersion))
                .write(&stream, to: &sink, progress: progress)
        }
    }

    /// A small base manifest with `mutation` applied; a few bases are tried in case the
    /// first has nothing the defect can act on.
    private func brokenDocument(_ mutation: Mutation, ordinal: Int, generator: inout Generator) throws(GenerationError) -> [UInt8] {
        var random = SeededRandom(seed: options.seed, stream: 0xBAD, UInt64(ordinal))
        for _ in 0..<12 {
            let plan: FlightPlan
            do {
                plan = try generator.flight(on: date, from: options.from, to: options.to, carrier: options.carrier)
            } catch {
                throw .generator(error)
            }
            let manifest = generator.passengerList(for: plan, travelers: random.int(in: 4...12))
            if let bytes = ManifestMutator.apply(mutation, to: manifest, random: &random) { return bytes }
        }
        throw .invalidOption("cannot apply defect \(mutation) to the generated manifests")
    }

    private func writeWhole(_ bytes: [UInt8], named name: String) throws(GenerationError) {
        switch destination {
        case .standardOutput:
            do {
                var sink = FileDescriptorSink(descriptor: 1, name: "standard output")
                try sink.write(bytes)
                try sink.flush()
            } catch {
                throw .output(error)
            }
        case .directory(let directory):
            try writeWhole(bytes, to: Self.join(directory, name))
        }
    }

    private func writeWhole(_ bytes: [UInt8], to path: String) throws(GenerationError) {
        do {
            var file = try AtomicFile(path: path)
            try file.write(bytes)
            try file.commit()
        } catch {
            throw .output(error)
        }
    }

    /// What validation must say of a generated manifest: clean, or (over 64 MiB, streamed
    /// by default) schema-checked with the rules skipped.
    static func expectation(_ name: String, bytes: Int) -> ExpectedResult {
        ExpectedResult(path: name, valid: true, codes: bytes > 64 << 20 ? ["PAX-RULES-SKIPPED"] : [])
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func makeDirectory(_ path: String) throws(GenerationError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .output(.cannotCreate(path: path, reason: error.localizedDescription))
        }
    }
}

extension GenerationSummary {
    mutating func record(_ file: String, bytes: Int, travelers: Int) {
        files.append(file)
        self.bytes += bytes
        self.travelers += travelers
        manifests += 1
    }
}
