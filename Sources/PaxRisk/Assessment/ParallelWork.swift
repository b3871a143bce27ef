import Foundation

/// Splitting independent work over threads with results in input order, so screening uses
/// every core and still prints the same output on every run.
public enum ParallelWork {
    /// The number of cores available to this process.
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `items.map(transform)` on up to `workers` threads. Each chunk of the input gets its own
    /// `State` from `makeState` (scratch buffers reused from item to item).
    public static func map<Item: Sendable, State, Result: Sendable>(
        _ items: [Item], workers: Int,
        makeState: @Sendable () -> State,
        _ transform: @Sendable (Item, inout State) -> Result
    ) -> [Result] {
        let workers = max(1, min(workers, items.count))
        if workers == 1 {
            var state = makeState()
            return items.map { transform($0, &state) }
        }
        // Several chunks per worker so a slow chunk does not leave a core idle at the end.
        let chunkCount = min(items.count, workers * 8)
        let collector = ChunkCollector<Result>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let start = items.count * chunk / chunkCount
            let end = items.count * (chunk + 1) / chunkCount
            var state = makeState()
            var results: [Result] = []
            results.reserveCapacity(end - start)
            for index in start..<end { results.append(transform(items[index], &state)) }
            collector.store(results, at: chunk)
        }
        return collector.joined()
    }
}

/// Per-chunk results written from several threads under a lock.
private final class ChunkCollector<Result: Sendable>: @unchecked Sendable {
    // @unchecked: `chunks` is only touched while holding `lock`.
    private let lock = NSLock()
    private var chunks: [[Result]]

    init(count: Int) { chunks = Array(repeating: [], count: count) }

    func store(_ results: [Result], at index: Int) {
        lock.lock()
        chunks[index] = results
        lock.unlock()
    }

    func joined() -> [Result] {
        lock.lock()
        defer { lock.unlock() }
        return chunks.flatMap { $0 }
    }
}
