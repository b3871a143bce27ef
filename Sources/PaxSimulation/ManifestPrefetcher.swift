import PaxBase
import PaxExchange
import PaxRisk

/// Hands the manifests due next to worker threads (`PayloadCheckCache`), so their receivers'
/// checks are done ahead on the other cores, and gives each arriving frame its prefetched
/// check. The results depend only on the bytes, so prefetching changes no outcome and no trace.
struct ManifestPrefetcher {
    /// The workers' results; nil when the loop checks every payload itself.
    private let checks: PayloadCheckCache?
    /// Submissions in the order they are due, and each submission's place in that order.
    private let dueOrder: [Int]
    private let duePlace: [Int]
    /// How many of them have been handed to the workers.
    private var prefetched = 0
    /// How many manifests beyond the one being submitted are handed to the workers.
    private let lookahead: Int

    /// A prefetcher for `traffic` with `workers` threads (nil: one per core; 0: none).
    init(_ traffic: Traffic, workers: Int?, screening: RiskEngine) {
        let workers = workers ?? ParallelWork.defaultWorkers
        checks = workers > 0 ? PayloadCheckCache(limit: 64, workers: workers, screening: screening) : nil
        lookahead = 4 * workers + 4
        let submissions = traffic.submissions
        let order = submissions.indices.sorted { (submissions[$0].submitAt, $0) < (submissions[$1].submitAt, $1) }
        dueOrder = order
        var place = [Int](repeating: 0, count: submissions.count)
        for (position, i) in order.enumerated() { place[i] = position }
        duePlace = place
    }

    /// Hands the workers the manifests due up to `lookahead` places after submission `i`
    /// (each encoded the same way its submitter will encode it).
    mutating func prefetch(aheadOf i: Int, in traffic: Traffic) {
        guard let checks else { return }
        let last = duePlace[i] + lookahead
        while prefetched < min(last + 1, dueOrder.count) {
            let manifest = traffic.submissions[dueOrder[prefetched]].manifest
            checks.prefetch(messageId: manifest.header.messageId) { try? manifest.xml() }
            prefetched += 1
        }
    }

    /// The check prefetched for the message in `bytes` (by its id and claimed digest; the
    /// agency uses it only once its envelope check has verified that digest), if any.
    func check(of bytes: [UInt8]) -> PayloadPrecheck? {
        guard let checks, let message = try? WireFrame.decode(bytes) else { return nil }
        return checks.take(messageId: message.messageId, digest: message.payloadDigest)
    }
}
