import Foundation

/// Splitting independent work over threads with results in input order, so screening uses
/// every core and still prints the same output on every run.
public enum ParallelWork {
    /// The number of cores available to this process.
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `items.map(transform)` on up to `workers` threads. Each chunk of the input gets its own
    /// `State` from `makeState` (scratch buffers reused from item to item).
    public static func map<Item: Sendable, State: Sendable, Result: Sendable>(
        _ items: [Item], workers: Int,
        makeState: @Sendable () -> State,
        _ transform: @Sendable (Item, inout State) -> Result
    ) -> [Result] {
        mapKeepingStates(items, workers: workers, makeState: makeState, transform).results
    }

    /// `map`, also returning each chunk's final `State` (in chunk order), for counters kept
    /// in it.
    public static func mapKeepingStates<Item: Sendable, State: Sendable, Result: Sendable>(
        _ items: [Item], workers: Int,
        makeState: @Sendable () -> State,
        _ transform: @Sendable (Item, inout State) -> Result
    ) -> (results: [Result], states: [State]) {
        let workers = max(1, min(workers, items.count))
        if workers == 1 {
            var state = makeState()
            let results = items.map { transform($0, &state) }
            return (results, [state])
        }
        // Several chunks per worker so a slow chunk does not leave a core idle at the end.
        let chunkCount = min(items.count, workers * 8)
        let collector = ChunkCollector<Result, State>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let start = items.count * chunk / chunkCount
            let end = items.count * (chunk + 1) / chunkCount
            var state = makeState()
            var results: [Result] = []
            results.reserveCapacity(end - start)
            for index in start..<end { results.append(transform(items[index], &state)) }
            collector.store(results, state: state, at: chunk)
        }
        return collector.joined()
    }
}

/// Per-chunk results and states written from several threads under a lock.
private final class ChunkCollector<Result: Sendable, State: Sendable>: @unchecked Sendable {
    // @unchecked: `chunks` and `states` are only touched while holding `lock`.
    private let lock = NSLock()
    private var chunks: [[Result]]
    private var states: [State?]

    init(count: Int) {
        chunks = Array(repeating: [], count: count)
        states = Array(repeating: nil, count: count)
    }

    func store(_ results: [Result], state: State, at index: Int) {
        lock.lock()
        chunks[index] = results
        states[index] = state
        lock.unlock()
    }

    func joined() -> (results: [Result], states: [State]) {
        lock.lock()
        defer { lock.unlock() }
        return (chunks.flatMap { $0 }, states.compactMap { $0 })
    }
}
