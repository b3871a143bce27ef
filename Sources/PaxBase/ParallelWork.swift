import Foundation
import Synchronization

/// Splitting independent work over threads with results in input order, so every command
/// uses every core and still prints the same output on every run. The one place that says
/// how many threads "all cores" is.
public enum ParallelWork {
    /// The number of cores available to this process: the default worker count everywhere.
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

extension ParallelWork {
    /// `(0..<count).map(transform)` on up to `workers` threads that each claim the next index
    /// when free (for items of very different cost: files, simulation seeds); every result is
    /// handed to `emit` in index order as soon as it and all before it are done (`emit` runs
    /// under a lock, one call at a time).
    public static func mapInOrder<Result: Sendable>(
        count: Int, workers: Int,
        _ transform: @Sendable (Int) -> Result,
        emit: (Result) -> Void = { _ in }
    ) -> [Result] {
        let state = InOrderResults<Result>(count: count)
        withoutActuallyEscaping(emit) { emit in
            let emit = UncheckedEmit(emit)
            DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
                while let index = state.claim() {
                    state.complete(index, transform(index), emit: emit.call)
                }
            }
        }
        return state.results()
    }
}

/// `emit` crosses into the worker threads; `InOrderResults` calls it only under its lock.
private struct UncheckedEmit<Result>: @unchecked Sendable {
    let call: (Result) -> Void
    init(_ call: @escaping (Result) -> Void) { self.call = call }
}

/// Work distribution and in-order emission shared by the worker threads of `mapInOrder`.
private final class InOrderResults<Result: Sendable>: Sendable {
    private struct Inner {
        var next = 0
        var emitted = 0
        var results: [Result?]
    }

    private let inner: Mutex<Inner>
    private let count: Int

    init(count: Int) {
        self.count = count
        inner = Mutex(Inner(results: Array(repeating: nil, count: count)))
    }

    func claim() -> Int? {
        inner.withLock { state in
            guard state.next < count else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func complete(_ index: Int, _ result: Result, emit: (Result) -> Void) {
        inner.withLock { state in
            state.results[index] = result
            while state.emitted < count, let ready = state.results[state.emitted] {
                emit(ready)
                state.emitted += 1
            }
        }
    }

    func results() -> [Result] {
        inner.withLock { $0.results.compactMap { $0 } }
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
