import Dispatch

/// A fixed set of worker states and a way to run one job per worker on separate threads.
///
/// Worker `i` only ever touches state `i` and result slot `i`, which is what makes the
/// unchecked sendability below sound. Results come back in worker order, so output never
/// depends on thread timing.
public final class ParallelWorkers<State>: @unchecked Sendable {
    private var states: [State]
    /// Workers used.
    public var count: Int { states.count }

    public init(_ states: [State]) {
        precondition(!states.isEmpty, "ParallelWorkers needs at least one worker")
        self.states = states
    }

    /// Runs `job(&state[i], i)` for every worker, in parallel, and returns the results in
    /// worker order; `alongside` runs once at the same time, on one of the threads: a serial
    /// step, such as writing the previous batch, that overlaps the workers instead of
    /// waiting for them. It may run on any of the threads, but only while the caller waits
    /// here, so what it captures (the caller's sink, say) is never used by two threads at a time.
    public func run<Result>(alongside: () -> Void, _ job: (inout State, Int) -> Result) -> [Result] {
        var results = [Result?](repeating: nil, count: states.count)
        withoutActuallyEscaping(alongside) { alongside in
            withoutActuallyEscaping(job) { job in
                let work = UncheckedBox(job), side = UncheckedBox(alongside)
                states.withUnsafeMutableBufferPointer { stateBuffer in
                    results.withUnsafeMutableBufferPointer { resultBuffer in
                        let states = UncheckedBox(stateBuffer), slots = UncheckedBox(resultBuffer)
                        // Iteration 0 is the side step, so it starts at once; 1... are the workers.
                        DispatchQueue.concurrentPerform(iterations: stateBuffer.count + 1) { iteration in
                            if iteration == 0 {
                                side.value()
                            } else {
                                slots.value[iteration - 1] = work.value(&states.value[iteration - 1], iteration - 1)
                            }
                        }
                    }
                }
            }
        }
        return results.compactMap { $0 }
    }

    /// Runs `job` on the first worker's state, on the calling thread.
    public func runFirst<Result>(_ job: (inout State) -> Result) -> Result {
        job(&states[0])
    }
}

/// Carries a non-Sendable value into `concurrentPerform`, where each worker uses it for
/// its own index only.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

