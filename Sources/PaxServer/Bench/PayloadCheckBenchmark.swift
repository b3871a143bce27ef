#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PaxExchange
import PaxMessages
import PaxRisk

/// Times the per-message work a live agency does on each peer request before the agency's
/// serial path (`ExchangeIntake`): `PayloadPrecheck.compute` on the authenticated payload,
/// with the digest already verified, and the agency's screening engine built from a watch
/// list as `AgencySetup` builds it. The payload check and screening are also timed apart.
///
/// One thread, rounds over the same payloads; each round's time is per manifest, and the
/// figure reported is the best round (least disturbed by other work on a shared machine),
/// in both wall time and the thread's own CPU time.
public struct PayloadCheckBenchmark: Sendable {
    /// The payloads (manifest documents), with their SHA-256.
    let payloads: [(bytes: [UInt8], digest: String)]
    let screening: RiskEngine
    /// Travellers over all payloads (from the first check).
    public let travelers: Int

    /// Loads `files` and the watch list at `watchListPath` (nil: no watch list, as an agency
    /// without one). Every file must pass the check: the benchmark times the accepted path.
    public init(files: [String], watchListPath: String?) throws(PayloadCheckBenchmarkError) {
        var screener: WatchListScreener? = nil
        if let watchListPath {
            do {
                screener = WatchListScreener(watchList: try WatchListLoader.load(path: watchListPath).watchList)
            } catch {
                throw PayloadCheckBenchmarkError(description: error.description)
            }
        }
        screening = RiskEngine(screener: screener, rules: .watchListOnly)
        var payloads: [(bytes: [UInt8], digest: String)] = []
        var travelers = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw PayloadCheckBenchmarkError(description: "\(file): cannot read the file")
            }
            let bytes = [UInt8](data)
            switch PayloadCheck.check(bytes).result {
            case .success(.manifest(let manifest)): travelers += manifest.travelers.count
            case .success(let other):
                throw PayloadCheckBenchmarkError(description: "\(file): a \(other.rootElementName), not a TravelerManifest")
            case .failure(let errors):
                let first = errors.errors.first.map { "line \($0.line ?? 0): \($0.code): \($0.text)" } ?? ""
                throw PayloadCheckBenchmarkError(description: "\(file): the payload check rejects it: \(first)")
            }
            payloads.append((bytes, SignedMessage.digest(of: bytes)))
        }
        guard !payloads.isEmpty else { throw PayloadCheckBenchmarkError(description: "no manifest files given") }
        self.payloads = payloads
        self.travelers = travelers
    }

    /// Best-round times, in microseconds per manifest.
    public struct Figures: Sendable, Codable {
        public var manifests: Int
        public var travelersPerManifest: Double
        public var rounds: Int
        /// `PayloadPrecheck.compute` (check + screening), wall and thread CPU.
        public var precheckWall: Double
        public var precheckCPU: Double
        /// `PayloadCheck.check` alone (parse, schema, rules, decode).
        public var checkWall: Double
        public var checkCPU: Double
        /// Screening alone (the decoded manifests assessed traveller by traveller).
        public var screeningCPU: Double
    }

    /// Runs `rounds` rounds of each measurement (after one warm-up round).
    public func run(rounds: Int) -> Figures {
        let rounds = max(1, rounds)
        let manifests = payloads.compactMap { payload -> TravelerManifest? in
            if case .success(.manifest(let m)) = PayloadCheck.check(payload.bytes).result { return m }
            return nil
        }
        var sink = 0
        let precheck = Self.best(rounds: rounds) {
            for payload in payloads {
                let result = PayloadPrecheck.compute(payload.bytes, digest: payload.digest, screening: screening)
                sink &+= result.risks?.count ?? 0
            }
        }
        let check = Self.best(rounds: rounds) {
            for payload in payloads {
                if case .success = PayloadCheck.check(payload.bytes).result { sink &+= 1 }
            }
        }
        let screen = Self.best(rounds: rounds) {
            for manifest in manifests {
                for traveler in manifest.travelers { sink &+= screening.assess(traveler, flight: manifest.flight).watchListHits.count }
            }
        }
        let count = Double(payloads.count)
        _ = sink
        return Figures(manifests: payloads.count, travelersPerManifest: Double(travelers) / count, rounds: rounds,
                       precheckWall: precheck.wall / count, precheckCPU: precheck.cpu / count,
                       checkWall: check.wall / count, checkCPU: check.cpu / count, screeningCPU: screen.cpu / count)
    }

    /// The fastest of `rounds` runs of `body` (after a warm-up run), in microseconds.
    private static func best(rounds: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
        body()
        var wall = Double.infinity, cpu = Double.infinity
        for _ in 0..<rounds {
            let wallStart = now(CLOCK_MONOTONIC), cpuStart = now(CLOCK_THREAD_CPUTIME_ID)
            body()
            cpu = min(cpu, now(CLOCK_THREAD_CPUTIME_ID) - cpuStart)
            wall = min(wall, now(CLOCK_MONOTONIC) - wallStart)
        }
        return (wall, cpu)
    }

    /// A clock's reading in microseconds.
    private static func now(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) * 1e6 + Double(time.tv_nsec) / 1e3
    }
}

/// A benchmark that cannot run: what is wrong, naming the file.
public struct PayloadCheckBenchmarkError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
